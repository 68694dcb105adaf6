package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed derived from the log (format.md section 23), without an engine: on a table
 * written before row lineage existed, whose rows have derived ids, and across appends and a
 * compaction.
 */
class TestChangeFeedLog {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** One changed row: its version, change, row id and {@code id} column value. */
  record Change(long version, ChangeType type, long rowId, long id) {}

  List<Change> changes(Table table, long start, long end) {
    TableSchema schema = table.snapshotAt(end).schema();
    TableSchema idOnly =
        new TableSchema(List.of(schema.column("id").orElseThrow()), schema.lastFieldId());
    List<Change> out = new ArrayList<>();
    for (VersionChanges version : ChangeFeed.plan(table, start, end)) {
      try (ChangeReader reader =
          new ChangeReader(table.location(), table.conf(), version, idOnly, allocator)) {
        while (reader.hasNext()) {
          try (ChangeReader.ChangeBatch batch = reader.next()) {
            BigIntVector ids = (BigIntVector) batch.rows().root().getVector(0);
            int[] positions = batch.rows().livePositions();
            for (int i = 0; i < batch.rows().rowCount(); i++) {
              out.add(
                  new Change(
                      version.version(),
                      batch.type(i),
                      batch.rows().rowId(i),
                      ids.get(positions == null ? i : positions[i])));
            }
          }
        }
      }
    }
    return out;
  }

  /** The rows of a version by row id: their {@code id} column value. */
  Map<Long, Long> rowsById(Snapshot snapshot) {
    Map<Long, Long> rows = new TreeMap<>();
    try (Scan.CloseableIterator<FragmentBatch> batches =
        snapshot.newScan().select("id").withRowLineage().build().batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector ids = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            rows.put(b.rowId(i), ids.get(i));
          }
        }
      }
    }
    return rows;
  }

  @Test
  void theChangesOfATableWrittenBeforeRowLineageRebuildEachVersionByDerivedRowIds()
      throws Exception {
    Table table = TestTables.copyOfGoldenTable(dir);
    long latest = table.latestSnapshot().version();
    Map<Long, Long> rows = new TreeMap<>();
    List<Change> all = changes(table, 1, latest);
    for (long v = 1; v <= latest; v++) {
      for (Change c : all) {
        if (c.version() == v
            && (c.type() == ChangeType.DELETE || c.type() == ChangeType.UPDATE_PREIMAGE)) {
          assertThat(rows.remove(c.rowId())).as("%s", c).isEqualTo(c.id());
        }
      }
      for (Change c : all) {
        if (c.version() == v
            && (c.type() == ChangeType.INSERT || c.type() == ChangeType.UPDATE_POSTIMAGE)) {
          assertThat(rows.put(c.rowId(), c.id())).as("%s", c).isNull();
        }
      }
      assertThat(rows).as("version %d", v).isEqualTo(rowsById(table.snapshotAt(v)));
    }
    assertThat(rows.keySet()).allSatisfy(id -> assertThat(id).isNegative());

    TestTables.append(table, allocator, 20, 21);
    assertThat(changes(table, latest + 1, latest + 1))
        .containsExactlyInAnyOrder(
            new Change(latest + 1, ChangeType.INSERT, 0, 20),
            new Change(latest + 1, ChangeType.INSERT, 1, 21));
    Snapshot compacted = table.compact(1000, f -> true);
    assertThat(compacted.commitInfo().operation()).isEqualTo(Operation.OPTIMIZE);
    assertThat(changes(table, compacted.version(), compacted.version()))
        .as("a compaction moves rows without changing them")
        .isEmpty();
  }

  @Test
  void aRangeOutsideTheLogFailsNamingTheTableAndTheVersions() throws Exception {
    Table table = TestTables.copyOfGoldenTable(dir);
    long latest = table.latestSnapshot().version();

    assertThatThrownBy(() -> ChangeFeed.plan(table, 3, latest + 1))
        .hasMessage(
            "Cannot read the changes of table "
                + table.location()
                + " from version 3 to version "
                + (latest + 1)
                + ": the latest version is "
                + latest);
    assertThatThrownBy(() -> ChangeFeed.plan(table, 0, 2))
        .hasMessageEndingWith("from version 0 to version 2: versions start at 1");
    assertThat(table.latestSnapshot().version()).isEqualTo(latest);
  }

  @Test
  void planningTheChangesOfManyVersionsReadsEachCommitOfTheRangeOnce() {
    int versions = 60;
    Table table = TestTables.create(dir, Map.of(TableProperties.CHECKPOINT_INTERVAL, "1000"));
    for (long i = 1; i < versions; i++) {
      TestTables.append(table, allocator, i);
    }
    Table counted = Table.forPath(CountingFileSystem.uri(dir), CountingFileSystem.conf());

    CountingFileSystem.reset();
    List<VersionChanges> changes = ChangeFeed.plan(counted, 2, versions);

    assertThat(changes).hasSize(versions - 1);
    assertThat(changes).allSatisfy(c -> assertThat(c.inserted()).hasSize(1));
    // Loading each version on its own would open 60 * 61 / 2 = 1830 commit files.
    assertThat(CountingFileSystem.logOpens())
        .as("log files opened to plan the changes")
        .isLessThanOrEqualTo(2 * versions);
  }
}
