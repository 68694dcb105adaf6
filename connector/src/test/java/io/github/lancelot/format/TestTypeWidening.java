package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.internal.io.TypeWidening;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column's type can be widened without rewriting data: fragments written before keep their files
 * and read back as the new type, values exact and NULLs kept, while older versions still show the
 * old type. Any other type change is refused.
 */
class TestTypeWidening {
  static final ArrowType BYTE = new ArrowType.Int(8, true);
  static final ArrowType SHORT = new ArrowType.Int(16, true);
  static final ArrowType INT = new ArrowType.Int(32, true);
  static final ArrowType LONG = new ArrowType.Int(64, true);
  static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** A table of (id BIGINT NOT NULL, v type). */
  Table create(ArrowType type) {
    Table table = Table.forPath(dir.toUri().toString(), new Configuration());
    table
        .createTable(TableSchema.of(List.of(TestTables.id(), Field.nullable("v", type))), Map.of())
        .commit();
    return table;
  }

  /**
   * Appends one fragment with the given values of v (ids counting on from the table's row count).
   */
  static Snapshot append(Table table, BufferAllocator allocator, Object... values) {
    Snapshot base = table.latestSnapshot();
    TableSchema schema = base.schema();
    List<Fragment> fragments;
    try (FragmentWriter writer =
            table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
      batch.allocateNew();
      for (int i = 0; i < values.length; i++) {
        ((BigIntVector) batch.getVector("id")).setSafe(i, base.numRows() + i);
        if (values[i] != null) {
          set(batch.getVector("v"), i, values[i]);
        }
      }
      batch.setRowCount(values.length);
      writer.write(batch);
      fragments = writer.finish();
    }
    return table.newTransaction(base, Operation.APPEND).appendFragments(fragments).commit();
  }

  static void set(FieldVector v, int i, Object value) {
    if (v instanceof TinyIntVector t) {
      t.setSafe(i, (Byte) value);
    } else if (v instanceof SmallIntVector t) {
      t.setSafe(i, (Short) value);
    } else if (v instanceof IntVector t) {
      t.setSafe(i, (Integer) value);
    } else if (v instanceof BigIntVector t) {
      t.setSafe(i, (Long) value);
    } else if (v instanceof Float4Vector t) {
      t.setSafe(i, (Float) value);
    } else if (v instanceof Float8Vector t) {
      t.setSafe(i, (Double) value);
    } else if (v instanceof DecimalVector t) {
      t.setSafe(i, (BigDecimal) value);
    } else if (v instanceof VarCharVector t) {
      t.setSafe(i, ((String) value).getBytes());
    } else {
      throw new IllegalArgumentException(v.getClass().getName());
    }
  }

  /**
   * The values of v in scan order, as Arrow's Java objects, and the types of the vectors they came
   * in.
   */
  record Read(List<Object> values, List<ArrowType> types) {}

  static Read read(Snapshot snapshot, BufferAllocator allocator) {
    List<Object> values = new ArrayList<>();
    List<ArrowType> types = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches =
        snapshot.newScan().select("v").build().batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          FieldVector v = b.root().getVector("v");
          types.add(v.getField().getType());
          for (int i = 0; i < b.rowCount(); i++) {
            values.add(v.getObject(i));
          }
        }
      }
    }
    return new Read(values, types);
  }

  Snapshot widen(Table table, ArrowType to) {
    Snapshot base = table.latestSnapshot();
    return table
        .newTransaction(base, Operation.CHANGE_SCHEMA)
        .setSchema(base.schema().withColumnReplaced("v", Field.nullable("v", to)))
        .commit();
  }

  @Test
  void anIntColumnWidenedToLongReadsItsOldFragmentsAsLongs() {
    Table table = create(INT);
    Snapshot before = append(table, allocator, 1, null, Integer.MAX_VALUE, Integer.MIN_VALUE);
    Snapshot widened = widen(table, LONG);
    Snapshot after = append(table, allocator, Long.MAX_VALUE, null);

    assertThat(widened.schema().column("v").orElseThrow().field().getType()).isEqualTo(LONG);
    assertThat(after.fragments().get(0).files()).isEqualTo(before.fragments().get(0).files());
    Read read = read(after, allocator);
    assertThat(read.values())
        .containsExactly(
            1L, null, (long) Integer.MAX_VALUE, (long) Integer.MIN_VALUE, Long.MAX_VALUE, null);
    assertThat(read.types()).containsOnly(LONG);

    Read old = read(before, allocator);
    assertThat(old.values()).containsExactly(1, null, Integer.MAX_VALUE, Integer.MIN_VALUE);
    assertThat(old.types()).containsOnly(INT);
    assertThat(
            table.snapshotAt(before.version()).schema().column("v").orElseThrow().field().getType())
        .isEqualTo(INT);
  }

  @Test
  void severalWideningsInARowConvertTheOldestFilesInOneStep() {
    Table table = create(BYTE);
    append(table, allocator, (byte) -128, null, (byte) 127);
    widen(table, SHORT);
    append(table, allocator, (short) -32768);
    widen(table, LONG);
    Snapshot latest = append(table, allocator, -1L);
    assertThat(read(latest, allocator).values()).containsExactly(-128L, null, 127L, -32768L, -1L);
    assertThat(read(latest, allocator).types()).containsOnly(LONG);
  }

  @Test
  void aFloatColumnWidenedToDoubleReadsTheExactFloatValues() {
    Table table = create(FLOAT);
    Snapshot before =
        append(table, allocator, 0.1f, null, Float.NaN, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE);
    widen(table, DOUBLE);
    Snapshot after = append(table, allocator, 0.1d);
    assertThat(read(after, allocator).values())
        .containsExactly(
            (double) 0.1f,
            null,
            Double.NaN,
            -0.0d,
            (double) Float.MAX_VALUE,
            (double) Float.MIN_VALUE,
            0.1d);
    assertThat(read(after, allocator).types()).containsOnly(DOUBLE);
    assertThat(read(before, allocator).values())
        .containsExactly(0.1f, null, Float.NaN, -0.0f, Float.MAX_VALUE, Float.MIN_VALUE);
  }

  @Test
  void anIntColumnWidenedToDoubleReadsExactValues() {
    Table table = create(INT);
    Snapshot before = append(table, allocator, Integer.MAX_VALUE, -3, null, Integer.MIN_VALUE);
    widen(table, DOUBLE);
    Snapshot after = append(table, allocator, 2.5d);
    assertThat(read(after, allocator).values())
        .containsExactly(2147483647.0d, -3.0d, null, -2147483648.0d, 2.5d);
    assertThat(read(after, allocator).types()).containsOnly(DOUBLE);
    assertThat(read(before, allocator).types()).containsOnly(INT);
  }

  @Test
  void aDecimalColumnCanGainIntegerAndFractionalDigits() {
    Table table = create(new ArrowType.Decimal(10, 2, 128));
    Snapshot before =
        append(table, allocator, new BigDecimal("12345678.91"), null, new BigDecimal("-0.05"));
    widen(table, new ArrowType.Decimal(12, 2, 128));
    Snapshot mid = append(table, allocator, new BigDecimal("9999999999.99"));
    assertThat(read(mid, allocator).values())
        .containsExactly(
            new BigDecimal("12345678.91"),
            null,
            new BigDecimal("-0.05"),
            new BigDecimal("9999999999.99"));
    assertThat(read(mid, allocator).types()).containsOnly(new ArrowType.Decimal(12, 2, 128));

    widen(table, new ArrowType.Decimal(15, 4, 128));
    Snapshot after = table.latestSnapshot();
    assertThat(read(after, allocator).values())
        .containsExactly(
            new BigDecimal("12345678.9100"),
            null,
            new BigDecimal("-0.0500"),
            new BigDecimal("9999999999.9900"));
    assertThat(read(before, allocator).values())
        .containsExactly(new BigDecimal("12345678.91"), null, new BigDecimal("-0.05"));
  }

  @Test
  void deletedRowsOfAWidenedFragmentAreStillLeftOut() {
    Table table = create(INT);
    Snapshot base = append(table, allocator, 10, 11, null, 13);
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(base.fragments().get(0).id(), org.roaringbitmap.RoaringBitmap.bitmapOf(1));
    delete.commit();
    Snapshot widened = widen(table, LONG);
    assertThat(read(widened, allocator).values()).containsExactly(10L, null, 13L);
  }

  @Test
  void statisticsOfOldFragmentsKeepTheirValuesWhichStillBoundTheWidenedColumn() {
    Table table = create(FLOAT);
    Snapshot before = append(table, allocator, 0.5f, -2.25f, null);
    Snapshot widened = widen(table, DOUBLE);
    ColumnStats stats = widened.fragments().get(0).stats().get(2);
    assertThat(stats).isEqualTo(before.fragments().get(0).stats().get(2));
    assertThat(stats.min()).isEqualTo(-2.25d);
    assertThat(stats.max()).isEqualTo(0.5d);
    assertThat(stats.nullCount()).isEqualTo(1);
  }

  @Test
  void narrowingIsRefusedNamingTheColumnAndWhatItCouldBecome() {
    Table table = create(LONG);
    append(table, allocator, 1L);
    Snapshot base = table.latestSnapshot();
    assertThatThrownBy(() -> widen(table, INT))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("Invalid schema change of table " + table.location())
        .hasMessageContaining("column 'v' would change type from Int(64, true) to Int(32, true)")
        .hasMessageContaining("only safe widenings are allowed, and Int(64, true) has none");
    assertThat(table.latestSnapshot().version()).isEqualTo(base.version());
  }

  @Test
  void unrelatedTypeChangesAreRefusedNamingTheAllowedTargets() {
    Table table = create(INT);
    assertThatThrownBy(() -> widen(table, ArrowType.Utf8.INSTANCE))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column 'v' would change type from Int(32, true) to Utf8")
        .hasMessageContaining(
            "only safe widenings are allowed, and Int(32, true) can only become Int(64, true) or "
                + "FloatingPoint(DOUBLE)");
    assertThatThrownBy(() -> widen(table, FLOAT))
        .hasMessageContaining("from Int(32, true) to FloatingPoint(SINGLE)");
    Table decimals = Table.forPath(dir.resolve("decimals").toUri().toString(), new Configuration());
    decimals
        .createTable(
            TableSchema.of(List.of(Field.nullable("v", new ArrowType.Decimal(10, 2, 128)))),
            Map.of())
        .commit();
    Snapshot base = decimals.latestSnapshot();
    assertThatThrownBy(
            () ->
                decimals
                    .newTransaction(base, Operation.CHANGE_SCHEMA)
                    .setSchema(
                        base.schema()
                            .withColumnReplaced(
                                "v", Field.nullable("v", new ArrowType.Decimal(10, 3, 128)))))
        .hasMessageContaining("from Decimal(10, 2, 128) to Decimal(10, 3, 128)")
        .hasMessageContaining("can only become Decimal(p, s, 128) with s >= 2 and p - s >= 8");
  }

  @Test
  void theAllowedWideningsAreExactlyTheseOnes() {
    List<ArrowType> types =
        List.of(
            BYTE,
            SHORT,
            INT,
            LONG,
            new ArrowType.Int(32, false),
            FLOAT,
            DOUBLE,
            new ArrowType.FloatingPoint(FloatingPointPrecision.HALF),
            new ArrowType.Decimal(10, 2, 128),
            new ArrowType.Decimal(12, 2, 128),
            new ArrowType.Decimal(11, 3, 128),
            new ArrowType.Decimal(10, 3, 128),
            new ArrowType.Decimal(9, 2, 128),
            new ArrowType.Decimal(12, 2, 256),
            ArrowType.Utf8.INSTANCE,
            new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY),
            new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MICROSECOND, null));
    List<String> allowed = new ArrayList<>();
    for (ArrowType from : types) {
      for (ArrowType to : types) {
        if (TypeWidening.isWidening(from, to)) {
          allowed.add(from + " -> " + to);
        }
      }
    }
    assertThat(allowed)
        .containsExactlyInAnyOrder(
            "Int(8, true) -> Int(16, true)",
            "Int(8, true) -> Int(32, true)",
            "Int(8, true) -> Int(64, true)",
            "Int(16, true) -> Int(32, true)",
            "Int(16, true) -> Int(64, true)",
            "Int(32, true) -> Int(64, true)",
            "Int(8, true) -> FloatingPoint(DOUBLE)",
            "Int(16, true) -> FloatingPoint(DOUBLE)",
            "Int(32, true) -> FloatingPoint(DOUBLE)",
            "FloatingPoint(SINGLE) -> FloatingPoint(DOUBLE)",
            "Decimal(10, 2, 128) -> Decimal(12, 2, 128)",
            "Decimal(10, 2, 128) -> Decimal(11, 3, 128)",
            "Decimal(10, 3, 128) -> Decimal(11, 3, 128)",
            "Decimal(9, 2, 128) -> Decimal(10, 2, 128)",
            "Decimal(9, 2, 128) -> Decimal(12, 2, 128)",
            "Decimal(9, 2, 128) -> Decimal(11, 3, 128)",
            "Decimal(9, 2, 128) -> Decimal(10, 3, 128)");
  }

  @Test
  void changingTheTypeOfANestedFieldIsRefused() {
    Field point =
        new Field(
            "p", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(Field.nullable("x", INT)));
    Field widenedPoint =
        new Field(
            "p", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(Field.nullable("x", LONG)));
    Table table = Table.forPath(dir.toUri().toString(), new Configuration());
    Snapshot base = table.createTable(TableSchema.of(List.of(point)), Map.of()).commit();
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(base, Operation.CHANGE_SCHEMA)
                    .setSchema(base.schema().withColumnReplaced("p", widenedPoint)))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("column 'p' would change its nested fields")
        .hasMessageContaining("'p.x' has type Int(64, true) but the data has Int(32, true)");
  }

  @Test
  void aDataFileStoringAColumnWithAnIncompatibleTypeIsReportedAsCorrupt() {
    Table table = create(INT);
    TableSchema wrong =
        TableSchema.of(List.of(TestTables.id(), Field.nullable("v", ArrowType.Utf8.INSTANCE)));
    List<Fragment> fragments;
    try (FragmentWriter writer =
            table.newFragmentWriter(wrong, WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(wrong.arrowSchema(), allocator)) {
      batch.allocateNew();
      ((BigIntVector) batch.getVector("id")).setSafe(0, 1);
      set(batch.getVector("v"), 0, "one");
      batch.setRowCount(1);
      writer.write(batch);
      fragments = writer.finish();
    }
    Snapshot s =
        table
            .newTransaction(table.latestSnapshot(), Operation.APPEND)
            .appendFragments(fragments)
            .commit();
    assertThatThrownBy(() -> read(s, allocator))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(
            "it stores column 'v' (field id 2) as Utf8, which cannot be read as the column's type "
                + "Int(32, true)");
    assertThat(TestTables.ids(s, allocator)).containsExactly(1L);
  }
}
