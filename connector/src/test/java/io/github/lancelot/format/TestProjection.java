package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StorageStatistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan reads only the data files that hold the columns it asks for. */
class TestProjection {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  static long bytesRead() {
    StorageStatistics stats = FileSystem.getGlobalStorageStatistics().get("file");
    Long v = stats == null ? null : stats.getLong("bytesRead");
    return v == null ? 0 : v;
  }

  @Test
  void fixedWidthColumnsShareAFileAndEachVariableWidthColumnHasItsOwn() {
    int dim = 256;
    Field vector =
        new Field(
            "embedding",
            FieldType.nullable(new ArrowType.FixedSizeList(dim)),
            java.util.List.of(
                Field.nullable(
                    "element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
    TableSchema schema =
        TableSchema.of(java.util.List.of(TestTables.id(), TestTables.name(), vector));
    Table table = Table.forPath(dir.toString(), new org.apache.hadoop.conf.Configuration());
    Snapshot base = table.createTable(schema, Map.of()).commit();
    java.util.List<Fragment> fragments;
    try (FragmentWriter writer =
            table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        var batch =
            org.apache.arrow.vector.VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
      batch.allocateNew();
      var embedding =
          (org.apache.arrow.vector.complex.FixedSizeListVector) batch.getVector("embedding");
      var values = (org.apache.arrow.vector.Float4Vector) embedding.getDataVector();
      for (int i = 0; i < 2000; i++) {
        ((org.apache.arrow.vector.BigIntVector) batch.getVector("id")).setSafe(i, i);
        ((org.apache.arrow.vector.VarCharVector) batch.getVector("name"))
            .setSafe(i, ("n" + i).getBytes());
        int start = embedding.startNewValue(i);
        for (int k = 0; k < dim; k++) {
          values.setSafe(start + k, i * 0.001f + k);
        }
      }
      batch.setRowCount(2000);
      writer.write(batch);
      fragments = writer.finish();
    }
    Snapshot snapshot =
        table.newTransaction(base, Operation.APPEND).appendFragments(fragments).commit();
    Fragment fragment = snapshot.fragments().get(0);
    assertThat(fragment.files())
        .extracting(DataFile::fieldIds)
        .containsExactly(java.util.List.of(1), java.util.List.of(2), java.util.List.of(3));
    long vectorFileSize = fragment.fileHolding(3).orElseThrow().sizeInBytes();
    long scalarFileSize = fragment.fileHolding(1).orElseThrow().sizeInBytes();
    assertThat(vectorFileSize).isGreaterThan(2000L * dim * 4);

    long before = bytesRead();
    assertThat(TestTables.ids(snapshot, allocator)).hasSize(2000);
    long scalarRead = bytesRead() - before;
    assertThat(scalarRead).isPositive().isLessThan(vectorFileSize / 4);

    before = bytesRead();
    assertThat(TestTables.rows(snapshot.newScan().select("embedding").build(), allocator))
        .hasSize(2000);
    long vectorRead = bytesRead() - before;
    assertThat(vectorRead).isGreaterThanOrEqualTo(vectorFileSize - scalarFileSize);
  }

  @Test
  void aColumnAddedAfterAFragmentWasWrittenReadsAsNull() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2);
    Field score = Field.nullable("score", new ArrowType.Int(32, true));
    Snapshot widened =
        table
            .newTransaction(base, Operation.ADD_COLUMNS)
            .setSchema(base.schema().withColumnAdded(score))
            .commit();
    assertThat(widened.schema().column("score").orElseThrow().id()).isEqualTo(4);
    assertThat(TestTables.rows(widened.newScan().select("score", "id").build(), allocator))
        .extracting(r -> r.get("score"))
        .containsExactly("null", "null");
    assertThat(TestTables.rows(table.snapshotAt(2), allocator))
        .allSatisfy(r -> assertThat(r).doesNotContainKey("score"));
  }

  @Test
  void renamingAColumnKeepsItsDataAndADroppedColumnsIdIsNeverReused() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 7);
    Field renamed =
        new Field("title", base.schema().column("name").orElseThrow().field().getFieldType(), null);
    Snapshot v3 =
        table
            .newTransaction(base, Operation.CHANGE_SCHEMA)
            .setSchema(base.schema().withColumnReplaced("name", renamed).withColumnDropped("vec"))
            .commit();
    assertThat(TestTables.rows(v3, allocator)).containsExactly(Map.of("id", "7", "title", "n7"));
    Snapshot v4 =
        table
            .newTransaction(v3, Operation.ADD_COLUMNS)
            .setSchema(v3.schema().withColumnAdded(TestTables.vec()))
            .commit();
    assertThat(v4.schema().column("vec").orElseThrow().id()).isEqualTo(4);
    assertThat(TestTables.rows(v4, allocator))
        .containsExactly(Map.of("id", "7", "title", "n7", "vec", "null"));
    assertThat(TestTables.rows(table.snapshotAt(2), allocator).get(0))
        .containsEntry("name", "n7")
        .containsEntry("vec", "[7.0,7.5,-7.0,0.14285715]");
  }

  @Test
  void deletedRowsAreLeftOutAndTheRestKeepTheirRowOffsets() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 10, 11, 12, 13, 14);
    Fragment fragment = base.fragments().get(0);
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(fragment.id(), org.roaringbitmap.RoaringBitmap.bitmapOf(1, 3));
    Snapshot after = delete.commit();
    assertThat(after.numRows()).isEqualTo(3);
    assertThat(after.deletedRows(after.fragments().get(0)).toArray()).containsExactly(1, 3);
    try (FragmentReader reader =
            after.newScan().select("id").build().open(after.fragments().get(0), allocator);
        FragmentBatch batch = reader.next()) {
      assertThat(batch.rowCount()).isEqualTo(3);
      assertThat(new long[] {batch.rowOffset(0), batch.rowOffset(1), batch.rowOffset(2)})
          .containsExactly(0, 2, 4);
      assertThat(((org.apache.arrow.vector.BigIntVector) batch.root().getVector(0)).get(2))
          .isEqualTo(14);
    }
    assertThat(TestTables.ids(base, allocator)).containsExactly(10L, 11L, 12L, 13L, 14L);
  }
}
