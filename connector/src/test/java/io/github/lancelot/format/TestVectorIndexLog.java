package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.index.VectorIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Vector index entries in the log (format.md sections 3.6 and 20): they are part of a version's
 * state through commits and checkpoints, conflict only with changes of the same index, and cover a
 * fragment only while it keeps the data file its segment was built from.
 */
class TestVectorIndexLog {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** An entry whose one segment lists the given fragments with their current vector files. */
  static VectorIndex index(String name, Snapshot at, List<Fragment> fragments) {
    int fieldId = at.schema().column("vec").orElseThrow().id();
    return new VectorIndex(
        "0f8e3c52-8d1e-4b57-a7f0-1c2d3e4f5a6b",
        name,
        fieldId,
        "ivf_flat",
        1,
        Map.of("metric", "l2", "partitions", "2", "nprobes", "1"),
        0,
        List.of(new VectorIndex.IndexFile("_indexes/0f8e/centroids.arrow", 100)),
        List.of(
            new VectorIndex.Segment(
                "_indexes/0f8e/segment-1.arrow",
                2000,
                fragments.stream()
                    .map(
                        f ->
                            new VectorIndex.IndexedFragment(
                                f.id(), f.fileHolding(fieldId).orElseThrow().path()))
                    .toList())));
  }

  @Test
  void anIndexEntryIsPartOfTheStateThroughCommitsAndCheckpoints() throws Exception {
    Table table = TestTables.create(dir, Map.of("checkpoint.interval", "3"));
    Snapshot appended = TestTables.append(table, allocator, 1, 2, 3);
    Snapshot indexed =
        table
            .newTransaction(appended, Operation.CREATE_INDEX)
            .addIndex(index("by_vec", appended, appended.fragments()))
            .commit();
    TestTables.append(table, allocator, 4);

    assertThat(indexed.version()).isEqualTo(3);
    String commit = Files.readAllLines(dir.resolve("_versions/00000000000000000003.json")).get(1);
    assertThat(commit)
        .startsWith(
            "{\"addIndex\":{\"id\":\"0f8e3c52-8d1e-4b57-a7f0-1c2d3e4f5a6b\",\"name\":\"by_vec\","
                + "\"fieldId\":3,\"kind\":\"ivf_flat\",\"kindVersion\":1,\"parameters\":")
        .contains("\"createdVersion\":3,\"files\":[{\"path\":\"_indexes/0f8e/centroids.arrow\"");
    assertThat(Files.readString(dir.resolve("_versions/00000000000000000003.checkpoint.json")))
        .contains("{\"addIndex\":{\"id\":\"0f8e3c52");
    Table reopened = Table.forPath(dir.toUri().toString(), table.conf());
    assertThat(reopened.latestSnapshot().indexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.name()).isEqualTo("by_vec");
              assertThat(i.createdVersion()).isEqualTo(3);
              assertThat(i).isEqualTo(indexed.indexes().get(0));
            });
    assertThat(reopened.snapshotAt(2).indexes()).isEmpty();

    Snapshot dropped =
        reopened
            .newTransaction(reopened.latestSnapshot(), Operation.DROP_INDEX)
            .removeIndex("by_vec")
            .commit();
    assertThat(dropped.indexes()).isEmpty();
    assertThat(reopened.snapshotAt(4).indexes()).hasSize(1);
  }

  @Test
  void changesOfTheSameIndexConflictButAnIndexCommutesWithDataChanges() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2, 3);
    Transaction first =
        table
            .newTransaction(base, Operation.CREATE_INDEX)
            .addIndex(index("by_vec", base, base.fragments()));
    Transaction second =
        table
            .newTransaction(base, Operation.CREATE_INDEX)
            .addIndex(index("by_vec", base, base.fragments()));
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(base.fragments().get(0).id(), RoaringBitmap.bitmapOf(1));
    delete.commit();
    TestTables.append(table, allocator, 4);

    assertThat(first.commit().version()).isEqualTo(5);
    assertThatThrownBy(second::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("also changed the vector indexes [by_vec]");
    assertThat(table.latestSnapshot().version()).isEqualTo(5);
    assertThat(table.latestSnapshot().indexes()).hasSize(1);
  }

  @Test
  void aSegmentCoversAFragmentOnlyWhileTheFragmentKeepsTheVectorFileItWasBuiltFrom() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2);
    TestTables.append(table, allocator, 3, 4);
    Snapshot base = TestTables.append(table, allocator, 5, 6);
    VectorIndex index = index("by_vec", base, base.fragments().subList(0, 2));
    long first = base.fragments().get(0).id();
    long second = base.fragments().get(1).id();
    long third = base.fragments().get(2).id();
    assertThat(index.coveredFragments(base.schema(), base.fragments()))
        .containsExactly(first, second);

    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(first, RoaringBitmap.bitmapOf(0));
    Snapshot afterDelete = delete.commit();
    assertThat(index.coveredFragments(afterDelete.schema(), afterDelete.fragments()))
        .as("a deletion vector keeps the rows' vectors where they were")
        .containsExactly(first, second);

    Snapshot compacted = table.compact(100, f -> f.id() != third);
    assertThat(index.coveredFragments(compacted.schema(), compacted.fragments()))
        .as("rewritten fragments get new ids and files")
        .isEmpty();
    Snapshot restored =
        table.newTransaction(compacted, Operation.RESTORE).restore(afterDelete).commit();
    assertThat(index.coveredFragments(restored.schema(), restored.fragments()))
        .containsExactlyInAnyOrder(first, second);

    TableSchema withoutVec = restored.schema().withColumnDropped("vec");
    assertThat(index.coveredFragments(withoutVec, restored.fragments())).isEmpty();
  }

  @Test
  void anIndexOnAColumnThatHoldsNoFloatVectorsOrUnderATakenNameIsRefused() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    VectorIndex onVec = index("by_vec", base, base.fragments());
    VectorIndex onName =
        new VectorIndex(
            onVec.id(),
            "by_name",
            base.schema().column("name").orElseThrow().id(),
            onVec.kind(),
            1,
            onVec.parameters(),
            0,
            onVec.files(),
            onVec.segments());
    assertThatThrownBy(
            () -> table.newTransaction(base, Operation.CREATE_INDEX).addIndex(onName).commit())
        .hasMessageContaining("Cannot index column 'name' of table " + table.location());
    Snapshot indexed = table.newTransaction(base, Operation.CREATE_INDEX).addIndex(onVec).commit();
    assertThatThrownBy(
            () -> table.newTransaction(indexed, Operation.CREATE_INDEX).addIndex(onVec).commit())
        .hasMessageContaining(
            "Table " + table.location() + " already has a vector index named 'by_vec'");
    assertThat(table.latestSnapshot().version()).isEqualTo(indexed.version());
  }
}
