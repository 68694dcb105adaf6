package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a writer accepts, how it lays out fragments, and the errors for data that does not fit the
 * table.
 */
class TestFragmentWriter {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  long dataFiles() throws IOException {
    Path data = dir.resolve("data");
    if (!Files.exists(data)) {
      return 0;
    }
    try (var files = Files.list(data)) {
      return files.filter(p -> p.toString().endsWith(".arrow")).count();
    }
  }

  @Test
  void rowsAreSplitIntoFragmentsOfTheConfiguredSizeWithStatistics() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    List<Fragment> fragments;
    try (FragmentWriter writer =
            table.newFragmentWriter(
                base.schema(), new WriteOptions(4, 3, WriteOptions.Compression.ZSTD), allocator);
        VectorSchemaRoot batch =
            TestTables.batch(base.schema(), allocator, 5, 1, 9, 3, 7, 2, 8, 4, 6, 10)) {
      writer.write(batch);
      fragments = writer.finish();
    }
    assertThat(fragments).extracting(Fragment::physicalRows).containsExactly(4L, 4L, 2L);
    assertThat(fragments).allSatisfy(f -> assertThat(f.files()).hasSize(3));
    assertThat(fragments.get(0).stats().get(1)).isEqualTo(new ColumnStats(1L, 9L, 0));
    assertThat(fragments.get(0).stats().get(2)).isEqualTo(new ColumnStats("n1", "n9", 0));
    assertThat(fragments.get(0).stats().get(3).min()).isNull();
    Snapshot after =
        table.newTransaction(base, Operation.APPEND).appendFragments(fragments).commit();
    assertThat(TestTables.ids(after, allocator))
        .containsExactly(5L, 1L, 9L, 3L, 7L, 2L, 8L, 4L, 6L, 10L);
    assertThat(after.fragments()).extracting(Fragment::id).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aFragmentIsClosedOnceItsDataReachesTheByteLimit() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    long[] ids = new long[40];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i + 1;
    }
    WriteOptions options =
        WriteOptions.from(
            Map.of(
                WriteOptions.MAX_BYTES_PER_FRAGMENT, "200", WriteOptions.MAX_ROWS_PER_BATCH, "5"));
    List<Fragment> fragments;
    try (FragmentWriter writer = table.newFragmentWriter(base.schema(), options, allocator);
        VectorSchemaRoot batch = TestTables.batch(base.schema(), allocator, ids)) {
      writer.write(batch);
      fragments = writer.finish();
    }
    assertThat(fragments.size()).isGreaterThan(1);
    assertThat(fragments.stream().mapToLong(Fragment::physicalRows).sum()).isEqualTo(40);
    Snapshot after =
        table.newTransaction(base, Operation.APPEND).appendFragments(fragments).commit();
    assertThat(TestTables.ids(after, allocator)).hasSize(40);
    assertThatThrownBy(() -> WriteOptions.from(Map.of(WriteOptions.MAX_BYTES_PER_FRAGMENT, "-1")))
        .hasMessageContaining("max-bytes-per-fragment");
  }

  @Test
  void aBatchWithTheWrongTypeIsRefusedNamingTheColumnAndTypes() {
    Table table = TestTables.create(dir, Map.of());
    TableSchema wrong =
        TableSchema.of(
            List.of(
                TestTables.id(),
                Field.nullable("name", new ArrowType.Int(32, true)),
                TestTables.vec()));
    try (FragmentWriter writer =
            table.newFragmentWriter(
                table.latestSnapshot().schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(wrong.arrowSchema(), allocator)) {
      assertThatThrownBy(() -> writer.write(batch))
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining("column 'name' has type Utf8 but the data has Int(32, true)")
          .hasMessageContaining(table.location());
    }
  }

  @Test
  void aVectorOfTheWrongDimensionIsRefused() {
    Table table = TestTables.create(dir, Map.of());
    Field vec3 =
        new Field(
            "vec",
            FieldType.nullable(new ArrowType.FixedSizeList(3)),
            List.of(
                Field.nullable(
                    "element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    TableSchema wrong = TableSchema.of(List.of(TestTables.id(), TestTables.name(), vec3));
    try (FragmentWriter writer =
            table.newFragmentWriter(
                table.latestSnapshot().schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(wrong.arrowSchema(), allocator)) {
      assertThatThrownBy(() -> writer.write(batch))
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining(
              "column 'vec' has type FixedSizeList(4) but the data has FixedSizeList(3)");
    }
  }

  @Test
  void missingOrMisnamedColumnsAreRefused() {
    Table table = TestTables.create(dir, Map.of());
    TableSchema fewer = TableSchema.of(List.of(TestTables.id(), TestTables.name()));
    try (FragmentWriter writer =
            table.newFragmentWriter(
                table.latestSnapshot().schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(fewer.arrowSchema(), allocator)) {
      assertThatThrownBy(() -> writer.write(batch))
          .hasMessageContaining(
              "the table has 3 columns [id, name, vec] but the data has 2 [id, name]");
    }
    TableSchema renamed =
        TableSchema.of(
            List.of(
                TestTables.id(),
                Field.nullable("title", ArrowType.Utf8.INSTANCE),
                TestTables.vec()));
    try (FragmentWriter writer =
            table.newFragmentWriter(
                table.latestSnapshot().schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(renamed.arrowSchema(), allocator)) {
      assertThatThrownBy(() -> writer.write(batch))
          .hasMessageContaining("column 2 is 'name' but the data has 'title'");
    }
  }

  @Test
  void aNullInANotNullColumnIsRefusedNamingTheRow() throws IOException {
    Table table = TestTables.create(dir, Map.of());
    TableSchema schema = table.latestSnapshot().schema();
    try (FragmentWriter writer =
            table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        VectorSchemaRoot first = TestTables.batch(schema, allocator, 1, 2);
        VectorSchemaRoot second = TestTables.batch(schema, allocator, 3, 4, 5)) {
      writer.write(first);
      ((BigIntVector) second.getVector("id")).setNull(1);
      assertThatThrownBy(() -> writer.write(second))
          .isInstanceOf(SchemaMismatchException.class)
          .hasMessageContaining(
              "Column 'id' of table "
                  + table.location()
                  + " is NOT NULL, but row 3 of the data is NULL");
      writer.abort();
    }
    assertThat(dataFiles()).isZero();
    assertThat(table.versions()).containsExactly(1L);
  }

  @Test
  void aWriterClosedWithoutFinishingLeavesNoFiles() throws IOException {
    Table table = TestTables.create(dir, Map.of());
    TableSchema schema = table.latestSnapshot().schema();
    try (FragmentWriter writer =
            table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = TestTables.batch(schema, allocator, 1, 2)) {
      writer.write(batch);
      assertThat(dataFiles()).isEqualTo(3);
    }
    assertThat(dataFiles()).isZero();
  }

  @Test
  void invalidWriteOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> WriteOptions.from(Map.of(WriteOptions.COMPRESSION, "snappy")))
        .hasMessageContaining("Invalid value 'snappy' for compression: expected none, lz4 or zstd");
    assertThatThrownBy(() -> WriteOptions.from(Map.of(WriteOptions.MAX_ROWS_PER_FRAGMENT, "0")))
        .hasMessageContaining("max-rows-per-fragment");
    assertThat(WriteOptions.from(Map.of(WriteOptions.COMPRESSION, "lz4")).compression())
        .isEqualTo(WriteOptions.Compression.LZ4_FRAME);
  }
}
