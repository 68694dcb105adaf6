package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.VectorEqualsVisitor;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.impl.UnionMapWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every Arrow type that a Spark SQL type maps to is stored and read back exactly, NULLs included.
 */
@AcrossLines
class TestTypeRoundTrip {
  static final int ROWS = 5;
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  static Field f(String name, ArrowType type, Field... children) {
    return new Field(
        name, FieldType.nullable(type), children.length == 0 ? null : List.of(children));
  }

  static List<Field> allTypes() {
    ArrowType float32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    return List.of(
        f("bool", ArrowType.Bool.INSTANCE),
        f("byte", new ArrowType.Int(8, true)),
        f("short", new ArrowType.Int(16, true)),
        f("int", new ArrowType.Int(32, true)),
        f("long", new ArrowType.Int(64, true)),
        f("float", float32),
        f("double", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        f("decimal", new ArrowType.Decimal(38, 10, 128)),
        f("string", ArrowType.Utf8.INSTANCE),
        f("binary", ArrowType.Binary.INSTANCE),
        f("date", new ArrowType.Date(DateUnit.DAY)),
        f("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        f("ts_ntz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
        f("ym_interval", new ArrowType.Interval(IntervalUnit.YEAR_MONTH)),
        f("dt_interval", new ArrowType.Duration(TimeUnit.MICROSECOND)),
        f("nothing", ArrowType.Null.INSTANCE),
        f("longs", ArrowType.List.INSTANCE, f("element", new ArrowType.Int(64, true))),
        f(
            "tags",
            new ArrowType.Map(false),
            new Field(
                "entries",
                FieldType.notNullable(ArrowType.Struct.INSTANCE),
                List.of(
                    new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
                    f("value", new ArrowType.Int(32, true))))),
        f(
            "point",
            ArrowType.Struct.INSTANCE,
            f("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            f("labels", ArrowType.List.INSTANCE, f("element", ArrowType.Utf8.INSTANCE))),
        f("embedding", new ArrowType.FixedSizeList(3), f("element", float32)));
  }

  /**
   * Row 0 holds NULLs everywhere; the other rows hold values including empty strings and arrays,
   * NaN and -0.0.
   */
  static VectorSchemaRoot sample(BufferAllocator allocator) {
    VectorSchemaRoot root =
        VectorSchemaRoot.create(
            new org.apache.arrow.vector.types.pojo.Schema(allTypes()), allocator);
    root.allocateNew();
    for (int i = 1; i < ROWS; i++) {
      ((BitVector) root.getVector("bool")).setSafe(i, i % 2);
      ((TinyIntVector) root.getVector("byte")).setSafe(i, (byte) (-i));
      ((SmallIntVector) root.getVector("short")).setSafe(i, (short) (i * 1000));
      ((IntVector) root.getVector("int")).setSafe(i, Integer.MIN_VALUE + i);
      ((BigIntVector) root.getVector("long")).setSafe(i, Long.MAX_VALUE - i);
      ((Float4Vector) root.getVector("float"))
          .setSafe(i, i == 1 ? Float.NaN : i == 2 ? -0.0f : i / 3f);
      ((Float8Vector) root.getVector("double"))
          .setSafe(i, i == 1 ? Double.NEGATIVE_INFINITY : i / 7d);
      ((DecimalVector) root.getVector("decimal"))
          .setSafe(i, new BigDecimal("12345678901234567890.012345678" + i));
      ((VarCharVector) root.getVector("string"))
          .setSafe(
              i, (i == 1 ? "" : "Rick, what's going on? " + i).getBytes(StandardCharsets.UTF_8));
      ((VarBinaryVector) root.getVector("binary")).setSafe(i, new byte[] {(byte) i, 0, (byte) 255});
      ((DateDayVector) root.getVector("date")).setSafe(i, -719162 + i * 100000);
      ((TimeStampMicroTZVector) root.getVector("ts")).setSafe(i, 1_700_000_000_123_456L * i);
      ((TimeStampMicroVector) root.getVector("ts_ntz")).setSafe(i, -1_000_000L * i);
      ((IntervalYearVector) root.getVector("ym_interval")).setSafe(i, 13 * i);
      ((DurationVector) root.getVector("dt_interval")).setSafe(i, 86_400_000_000L * i);

      UnionListWriter longs = ((ListVector) root.getVector("longs")).getWriter();
      longs.setPosition(i);
      longs.startList();
      for (int k = 0; k < i - 1; k++) {
        longs.bigInt().writeBigInt(k * 10L);
      }
      longs.endList();

      UnionMapWriter tags = ((MapVector) root.getVector("tags")).getWriter();
      tags.setPosition(i);
      tags.startMap();
      for (int k = 0; k < i; k++) {
        tags.startEntry();
        byte[] key = ("k" + k).getBytes(StandardCharsets.UTF_8);
        try (org.apache.arrow.memory.ArrowBuf buf = allocator.buffer(key.length)) {
          buf.setBytes(0, key);
          tags.key().varChar().writeVarChar(0, key.length, buf);
        }
        tags.value().integer().writeInt(k);
        tags.endEntry();
      }
      tags.endMap();

      StructVector point = (StructVector) root.getVector("point");
      point.setIndexDefined(i);
      ((Float8Vector) point.getChild("x")).setSafe(i, i * 1.5);
      UnionListWriter labels = ((ListVector) point.getChild("labels")).getWriter();
      labels.setPosition(i);
      labels.startList();
      for (int k = 0; k < i % 3; k++) {
        byte[] label = ("l" + k).getBytes(StandardCharsets.UTF_8);
        try (org.apache.arrow.memory.ArrowBuf buf = allocator.buffer(label.length)) {
          buf.setBytes(0, label);
          labels.varChar().writeVarChar(0, label.length, buf);
        }
      }
      labels.endList();

      FixedSizeListVector embedding = (FixedSizeListVector) root.getVector("embedding");
      int start = embedding.startNewValue(i);
      Float4Vector values = (Float4Vector) embedding.getDataVector();
      values.setSafe(start, Float.intBitsToFloat(0x7fc00001));
      values.setSafe(start + 1, Float.MIN_VALUE);
      values.setSafe(start + 2, -0.0f * i);
    }
    for (FieldVector v : root.getFieldVectors()) {
      if (!(v instanceof NullVector)) {
        v.setNull(0);
      }
    }
    root.setRowCount(ROWS);
    return root;
  }

  static String render(Object value) {
    return value instanceof byte[] bytes ? java.util.Arrays.toString(bytes) : String.valueOf(value);
  }

  @ParameterizedTest
  @EnumSource(WriteOptions.Compression.class)
  void everyTypeRoundTripsExactly(WriteOptions.Compression compression) {
    Table table = Table.forPath(dir.toString(), new Configuration());
    TableSchema schema = TableSchema.of(allTypes());
    Snapshot base = table.createTable(schema, Map.of()).commit();
    try (VectorSchemaRoot expected = sample(allocator)) {
      List<Fragment> fragments;
      try (FragmentWriter writer =
          table.newFragmentWriter(schema, new WriteOptions(1000, 2, compression), allocator)) {
        writer.write(expected);
        fragments = writer.finish();
      }
      table.newTransaction(base, Operation.APPEND).appendFragments(fragments).commit();

      Snapshot latest = table.latestSnapshot();
      assertThat(latest.schema()).isEqualTo(schema);
      assertThat(latest.schema().arrowSchema()).isEqualTo(expected.getSchema());
      try (Scan.CloseableIterator<FragmentBatch> batches =
              latest.newScan().build().batches(allocator);
          VectorSchemaRoot actual = VectorSchemaRoot.create(expected.getSchema(), allocator)) {
        int row = 0;
        while (batches.hasNext()) {
          try (FragmentBatch b = batches.next()) {
            for (int c = 0; c < expected.getFieldVectors().size(); c++) {
              if (actual.getVector(c) instanceof NullVector) {
                continue;
              }
              for (int i = 0; i < b.rowCount(); i++) {
                actual.getVector(c).copyFromSafe(i, row + i, b.root().getVector(c));
              }
            }
            row += b.rowCount();
          }
        }
        actual.setRowCount(row);
        assertThat(row).isEqualTo(ROWS);
        for (int c = 0; c < expected.getFieldVectors().size(); c++) {
          FieldVector e = expected.getVector(c);
          FieldVector a = actual.getVector(c);
          for (int i = 0; i < ROWS; i++) {
            assertThat(a.isNull(i)).as("%s row %d null", e.getName(), i).isEqualTo(e.isNull(i));
            assertThat(render(a.getObject(i)))
                .as("%s row %d", e.getName(), i)
                .isEqualTo(render(e.getObject(i)));
          }
          assertThat(VectorEqualsVisitor.vectorEquals(e, a))
              .as("%s bit-exact", e.getName())
              .isTrue();
        }
        Float4Vector embedded =
            (Float4Vector) ((FixedSizeListVector) actual.getVector("embedding")).getDataVector();
        assertThat(Float.floatToRawIntBits(embedded.get(3))).isEqualTo(0x7fc00001);
        assertThat(Float.floatToRawIntBits(embedded.get(5)))
            .isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Float.floatToRawIntBits(((Float4Vector) actual.getVector("float")).get(2)))
            .isEqualTo(Float.floatToRawIntBits(-0.0f));
      }
    }
  }
}
