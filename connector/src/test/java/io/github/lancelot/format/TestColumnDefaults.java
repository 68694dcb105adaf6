package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * A column added to a table with rows may carry a default, kept in its field metadata under {@code
 * lancelot:default}: rows written before the column existed read it instead of NULL, rows written
 * after hold their own values.
 */
class TestColumnDefaults {
  static final ArrowType INT = new ArrowType.Int(32, true);

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  static Field withLiteral(Field field, String literal) {
    return new Field(
        field.getName(),
        new FieldType(
            field.isNullable(),
            field.getType(),
            null,
            Map.of(ColumnDefaults.METADATA_KEY, literal)),
        field.getChildren());
  }

  Snapshot addColumns(Table table, Field... fields) {
    Snapshot base = table.latestSnapshot();
    TableSchema schema = base.schema();
    for (Field f : fields) {
      schema = schema.withColumnAdded(f);
    }
    return table.newTransaction(base, Operation.ADD_COLUMNS).setSchema(schema).commit();
  }

  /**
   * Every row's values of the given columns as Arrow's Java objects (byte arrays as lists), in scan
   * order.
   */
  static List<Map<String, Object>> read(
      Snapshot snapshot, BufferAllocator allocator, String... columns) {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches =
        snapshot.newScan().select(columns).build().batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          for (int i = 0; i < b.rowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (FieldVector v : b.root().getFieldVectors()) {
              Object value = v.getObject(i);
              row.put(v.getName(), value instanceof byte[] bytes ? toList(bytes) : value);
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  static List<Byte> toList(byte[] bytes) {
    List<Byte> out = new ArrayList<>();
    for (byte b : bytes) {
      out.add(b);
    }
    return out;
  }

  @Test
  void rowsWrittenBeforeADefaultedColumnWasAddedReadItsDefaultAndNewRowsTheirOwnValues() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot before = TestTables.append(table, allocator, 1, 2, 3);
    Field score = ColumnDefaults.withDefault(Field.nullable("score", INT), 7);
    Field label =
        ColumnDefaults.withDefault(Field.nullable("label", ArrowType.Utf8.INSTANCE), "none");
    Snapshot added = addColumns(table, score, label);
    assertThat(added.schema().column("score").orElseThrow().field().getMetadata())
        .containsEntry("lancelot:default", "7");
    assertThat(added.schema().column("label").orElseThrow().field().getMetadata())
        .containsEntry("lancelot:default", "\"none\"");

    List<Fragment> fragments;
    try (FragmentWriter writer =
            table.newFragmentWriter(added.schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = TestTables.batch(added.schema(), allocator, 4, 5)) {
      ((IntVector) batch.getVector("score")).setSafe(0, 42);
      ((org.apache.arrow.vector.VarCharVector) batch.getVector("label"))
          .setSafe(0, "real".getBytes());
      batch.setRowCount(2);
      writer.write(batch);
      fragments = writer.finish();
    }
    Snapshot after =
        table.newTransaction(added, Operation.APPEND).appendFragments(fragments).commit();

    List<Map<String, Object>> rows = read(after, allocator, "id", "score", "label");
    assertThat(rows).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(rows).extracting(r -> r.get("score")).containsExactly(7, 7, 7, 42, null);
    assertThat(rows)
        .extracting(r -> String.valueOf(r.get("label")))
        .containsExactly("none", "none", "none", "real", "null");
    assertThat(TestTables.rows(before, allocator))
        .allSatisfy(r -> assertThat(r).doesNotContainKey("score"));

    Transaction delete = table.newTransaction(after, Operation.DELETE);
    delete.deleteRows(after.fragments().get(0).id(), RoaringBitmap.bitmapOf(1));
    assertThat(read(delete.commit(), allocator, "score", "id"))
        .extracting(r -> r.get("score") + "/" + r.get("id"))
        .containsExactly("7/1", "7/3", "42/4", "null/5");
  }

  @Test
  void aFragmentWithoutAnyDataFileForTheProjectionReadsTheDefaultInEveryRow() {
    Table table = TestTables.create(dir, Map.of());
    long[] ids = new long[FragmentReader.ROWS_PER_BATCH_WITHOUT_FILES + 5];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    TestTables.append(table, allocator, ids);
    Field flag = ColumnDefaults.withDefault(Field.nullable("flag", ArrowType.Bool.INSTANCE), true);
    Snapshot added = addColumns(table, flag);
    List<Map<String, Object>> rows = read(added, allocator, "flag");
    assertThat(rows).hasSize(ids.length).allSatisfy(r -> assertThat(r.get("flag")).isEqualTo(true));
  }

  @Test
  void everySupportedTypeReadsItsDefaultExactly() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    Map<Field, Object> defaults = new LinkedHashMap<>();
    defaults.put(Field.nullable("bool", ArrowType.Bool.INSTANCE), false);
    defaults.put(Field.nullable("byte", new ArrowType.Int(8, true)), (byte) -128);
    defaults.put(Field.nullable("short", new ArrowType.Int(16, true)), (short) 32767);
    defaults.put(Field.nullable("int", INT), Integer.MIN_VALUE);
    defaults.put(Field.nullable("long", new ArrowType.Int(64, true)), Long.MAX_VALUE);
    defaults.put(
        Field.nullable("float", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), 0.1f);
    defaults.put(
        Field.nullable("double", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
        Double.NaN);
    defaults.put(
        Field.nullable("decimal", new ArrowType.Decimal(10, 2, 128)),
        new BigDecimal("-12345678.9"));
    defaults.put(Field.nullable("string", ArrowType.Utf8.INSTANCE), "Ünïcode \"quoted\"");
    defaults.put(Field.nullable("binary", ArrowType.Binary.INSTANCE), new byte[] {0, -1, 42});
    defaults.put(Field.nullable("date", new ArrowType.Date(DateUnit.DAY)), -719162);
    defaults.put(
        Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
        1_700_000_000_123_456L);
    defaults.put(
        Field.nullable("ts_ntz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), -1L);
    List<Field> fields = new ArrayList<>();
    defaults.forEach((f, v) -> fields.add(ColumnDefaults.withDefault(f, v)));
    Snapshot added = addColumns(table, fields.toArray(new Field[0]));

    Map<String, Object> row =
        read(added, allocator, fields.stream().map(Field::getName).toArray(String[]::new)).get(0);
    assertThat(row)
        .containsExactly(
            Map.entry("bool", false),
            Map.entry("byte", (byte) -128),
            Map.entry("short", (short) 32767),
            Map.entry("int", Integer.MIN_VALUE),
            Map.entry("long", Long.MAX_VALUE),
            Map.entry("float", 0.1f),
            Map.entry("double", Double.NaN),
            Map.entry("decimal", new BigDecimal("-12345678.90")),
            Map.entry("string", new org.apache.arrow.vector.util.Text("Ünïcode \"quoted\"")),
            Map.entry("binary", List.of((byte) 0, (byte) -1, (byte) 42)),
            Map.entry("date", -719162),
            Map.entry("ts", 1_700_000_000_123_456L),
            Map.entry("ts_ntz", java.time.LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000)));
  }

  @Test
  void defaultsAreEncodedAsJsonLiteralsLikeColumnStatistics() {
    assertThat(ColumnDefaults.encode(INT, 7)).isEqualTo("7");
    assertThat(ColumnDefaults.encode(new ArrowType.Int(64, true), Long.MIN_VALUE))
        .isEqualTo("-9223372036854775808");
    assertThat(
            ColumnDefaults.encode(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), 0.1f))
        .isEqualTo("0.1");
    assertThat(
            ColumnDefaults.encode(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), 2.5d))
        .isEqualTo("2.5");
    assertThat(
            ColumnDefaults.encode(
                new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
                Double.NEGATIVE_INFINITY))
        .isEqualTo("\"-Infinity\"");
    assertThat(ColumnDefaults.encode(ArrowType.Bool.INSTANCE, true)).isEqualTo("true");
    assertThat(ColumnDefaults.encode(new ArrowType.Decimal(10, 2, 128), new BigDecimal("12.3")))
        .isEqualTo("\"12.30\"");
    assertThat(ColumnDefaults.encode(ArrowType.Utf8.INSTANCE, "a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(ColumnDefaults.encode(ArrowType.Binary.INSTANCE, new byte[] {1, 2, 3}))
        .isEqualTo("\"AQID\"");
    assertThat(ColumnDefaults.encode(new ArrowType.Date(DateUnit.DAY), 19000)).isEqualTo("19000");
    assertThat(ColumnDefaults.encode(INT, null)).isEqualTo("null");

    assertThat(ColumnDefaults.decode(INT, "7")).isEqualTo(7L);
    assertThat(
            ColumnDefaults.decode(
                new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), "0.1"))
        .isEqualTo(0.1f);
    assertThat(
            ColumnDefaults.decode(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), "3"))
        .isEqualTo(3.0d);
    assertThat(ColumnDefaults.decode(new ArrowType.Decimal(12, 3, 128), "\"12.30\""))
        .isEqualTo(new BigDecimal("12.300"));
    assertThat((byte[]) ColumnDefaults.decode(ArrowType.Binary.INSTANCE, "\"AQID\""))
        .containsExactly(1, 2, 3);
    assertThat(ColumnDefaults.decode(ArrowType.Utf8.INSTANCE, "null")).isNull();
  }

  @Test
  void aValueThatDoesNotFitTheTypeCannotBeEncoded() {
    assertThatThrownBy(() -> ColumnDefaults.encode(new ArrowType.Int(8, true), 300))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining(
            "the default 300 (type Int(8, true)) is invalid: it is out of range for a 8-bit");
    assertThatThrownBy(
            () ->
                ColumnDefaults.withDefault(
                    Field.nullable("price", new ArrowType.Decimal(4, 2, 128)),
                    new BigDecimal("123.4")))
        .hasMessageContaining(
            "the default 123.4 of column 'price' (type Decimal(4, 2, 128)) is invalid: "
                + "it has more than 4 digits");
    assertThatThrownBy(() -> ColumnDefaults.encode(INT, "7"))
        .hasMessageContaining("a String is not a value of this type");
    assertThatThrownBy(() -> ColumnDefaults.encode(ArrowType.List.INSTANCE, 1))
        .hasMessageContaining("columns of type List cannot have a default");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      Int(32)      | "seven"    | an integer, date or timestamp default is a JSON integer
      Int(32)      | 2147483648 | it is out of range for a 32-bit signed integer
      Int(32)      | 7.5        | an integer, date or timestamp default is a JSON integer
      Int(32)      | seven      | it is not a JSON literal
      Int(32)      | 7 8        | it is not a JSON literal
      Decimal      | 1.5        | a decimal default is a JSON string
      Decimal      | "1.234"    | it has more than 2 digits after the decimal point
      Decimal      | "x"        | it is not a decimal number
      Utf8         | 5          | a string default is a JSON string
      Bool         | "true"     | a boolean default is JSON true or false
      Binary       | "***"      | it is not base64
      Double       | "many"     | a floating point default is a JSON number
      Float        | 1e39       | it is out of range for a single-precision float
      List         | []         | columns of type List cannot have a default
      Struct       | {}         | columns of type Struct cannot have a default
      FixedSizeList| []         | columns of type FixedSizeList(2) cannot have a default
      """)
  void anInvalidDefaultIsRefusedNamingTheColumn(String type, String literal, String reason) {
    Field plain =
        switch (type) {
          case "Int(32)" -> Field.nullable("c", INT);
          case "Decimal" -> Field.nullable("c", new ArrowType.Decimal(10, 2, 128));
          case "Utf8" -> Field.nullable("c", ArrowType.Utf8.INSTANCE);
          case "Bool" -> Field.nullable("c", ArrowType.Bool.INSTANCE);
          case "Binary" -> Field.nullable("c", ArrowType.Binary.INSTANCE);
          case "Double" ->
              Field.nullable("c", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
          case "Float" ->
              Field.nullable("c", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
          case "List" ->
              new Field(
                  "c",
                  FieldType.nullable(ArrowType.List.INSTANCE),
                  List.of(Field.nullable("element", INT)));
          case "Struct" ->
              new Field(
                  "c",
                  FieldType.nullable(ArrowType.Struct.INSTANCE),
                  List.of(Field.nullable("x", INT)));
          default ->
              new Field(
                  "c",
                  FieldType.nullable(new ArrowType.FixedSizeList(2)),
                  List.of(Field.nullable("element", INT)));
        };
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    Snapshot base = table.latestSnapshot();
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(base, Operation.ADD_COLUMNS)
                    .setSchema(base.schema().withColumnAdded(withLiteral(plain, literal))))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("Invalid schema change of table " + table.location())
        .hasMessageContaining("the default " + literal + " of column 'c' (type ")
        .hasMessageContaining("is invalid: " + reason);
    assertThat(table.latestSnapshot().version()).isEqualTo(base.version());
  }

  @Test
  void aNotNullColumnCanBeAddedToATableWithRowsWhenItHasADefault() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot withRows = TestTables.append(table, allocator, 1, 2);
    Field required = new Field("required", FieldType.notNullable(INT), null);
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(withRows, Operation.ADD_COLUMNS)
                    .setSchema(withRows.schema().withColumnAdded(required)))
        .hasMessageContaining(
            "column 'required' is NOT NULL, but the table has rows that would read NULL in it");
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(withRows, Operation.ADD_COLUMNS)
                    .setSchema(withRows.schema().withColumnAdded(withLiteral(required, "null"))))
        .hasMessageContaining(
            "column 'required' is NOT NULL, but the table has rows that would read NULL in it");

    Snapshot added = addColumns(table, ColumnDefaults.withDefault(required, -1));
    assertThat(added.schema().column("required").orElseThrow().field().isNullable()).isFalse();
    assertThat(read(added, allocator, "required", "id"))
        .extracting(r -> r.get("required"))
        .containsExactly(-1, -1);
  }

  @Test
  void theDefaultThatOlderRowsReadCannotChange() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    Snapshot added = addColumns(table, ColumnDefaults.withDefault(Field.nullable("score", INT), 7));
    Field score = added.schema().column("score").orElseThrow().field();
    for (Field changed :
        List.of(
            withLiteral(score, "8"), Field.nullable("score", INT), withLiteral(score, "null"))) {
      assertThatThrownBy(
              () ->
                  table
                      .newTransaction(added, Operation.CHANGE_SCHEMA)
                      .setSchema(added.schema().withColumnReplaced("score", changed)))
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining("column 'score' would change its default from 7 to ")
          .hasMessageContaining(
              "which would change the values of rows written before the column was added");
    }
    Field renamed = new Field("points", score.getFieldType(), null);
    Snapshot kept =
        table
            .newTransaction(added, Operation.CHANGE_SCHEMA)
            .setSchema(added.schema().withColumnReplaced("score", renamed))
            .commit();
    assertThat(read(kept, allocator, "points")).extracting(r -> r.get("points")).containsExactly(7);
  }

  @Test
  void aDefaultCanChangeOnceNoRowReadsIt() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Snapshot added = addColumns(table, ColumnDefaults.withDefault(Field.nullable("score", INT), 7));
    Field changed = ColumnDefaults.withDefault(Field.nullable("score", INT), 8);
    Snapshot emptied = table.newTransaction(added, Operation.DELETE).removeAllFragments().commit();
    Snapshot after =
        table
            .newTransaction(emptied, Operation.CHANGE_SCHEMA)
            .setSchema(emptied.schema().withColumnReplaced("score", changed))
            .commit();
    assertThat(after.schema().column("score").orElseThrow().field().getMetadata())
        .containsEntry("lancelot:default", "8");
    assertThat(base.numRows()).isEqualTo(1);
  }

  @Test
  void aWidenedColumnKeepsItsDefault() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    Snapshot added =
        addColumns(
            table,
            ColumnDefaults.withDefault(Field.nullable("count", INT), 7),
            ColumnDefaults.withDefault(
                Field.nullable("price", new ArrowType.Decimal(10, 2, 128)),
                new BigDecimal("1.50")));
    Field count = added.schema().column("count").orElseThrow().field();
    Field price = added.schema().column("price").orElseThrow().field();
    Field longCount =
        new Field(
            "count",
            new FieldType(true, new ArrowType.Int(64, true), null, count.getMetadata()),
            null);
    Field widerPrice =
        ColumnDefaults.withDefault(
            Field.nullable("price", new ArrowType.Decimal(12, 3, 128)), new BigDecimal("1.5"));
    Snapshot widened =
        table
            .newTransaction(added, Operation.CHANGE_SCHEMA)
            .setSchema(
                added
                    .schema()
                    .withColumnReplaced("count", longCount)
                    .withColumnReplaced("price", widerPrice))
            .commit();
    assertThat(widerPrice.getMetadata()).containsEntry("lancelot:default", "\"1.500\"");
    assertThat(price.getMetadata()).containsEntry("lancelot:default", "\"1.50\"");
    assertThat(read(widened, allocator, "count", "price"))
        .containsExactly(Map.of("count", 7L, "price", new BigDecimal("1.500")));
  }
}
