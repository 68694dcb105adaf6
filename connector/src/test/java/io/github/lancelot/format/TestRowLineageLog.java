package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row lineage in the log (format.md section 22), without an engine: the row id ranges and commit
 * versions assigned to fragments when they are committed, also when a commit is rebased over a
 * concurrent one; the high-water mark kept through removals and checkpoints; compaction keeping
 * rows' ids and versions; and tables written before row lineage existed.
 */
class TestRowLineageLog {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** Per value of the {@code id} column: the row's id and last-updated version. */
  Map<Long, List<Long>> lineage(Snapshot snapshot) {
    Map<Long, List<Long>> out = new TreeMap<>();
    try (Scan.CloseableIterator<FragmentBatch> batches =
        snapshot.newScan().select("id").withRowLineage().build().batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector ids = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            List<Long> previous =
                out.put(ids.get(i), List.of(b.rowId(i), b.rowLastUpdatedVersion(i)));
            assertThat(previous).as("id column value %d read twice", ids.get(i)).isNull();
          }
        }
      }
    }
    return out;
  }

  static List<Long> rowIds(Map<Long, List<Long>> lineage) {
    return lineage.values().stream().map(l -> l.get(0)).sorted().toList();
  }

  @Test
  void eachAppendedFragmentGetsTheNextRangeOfRowIdsAndItsCommitVersion() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2, 3);
    Snapshot v3 = TestTables.append(table, allocator, 4, 5);

    assertThat(v3.fragments())
        .extracting(Fragment::lineage)
        .containsExactly(new FragmentLineage(0, 2), new FragmentLineage(3, 3));
    assertThat(v3.rowIdHighWaterMark()).isEqualTo(5);
    assertThat(lineage(v3))
        .containsEntry(1L, List.of(0L, 2L))
        .containsEntry(3L, List.of(2L, 2L))
        .containsEntry(4L, List.of(3L, 3L))
        .containsEntry(5L, List.of(4L, 3L));
    assertThat(table.latestSnapshot().state().protocol().writerVersion())
        .as("a new table asks writers to keep row lineage")
        .isEqualTo(2);
  }

  @Test
  void anAppendRebasedOverAConcurrentAppendGetsRowIdsAfterTheWinners() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    Transaction first =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 1, 2, 3));
    Transaction second =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 4, 5));

    first.commit();
    Snapshot rebased = second.commit();

    assertThat(rebased.version()).isEqualTo(3);
    assertThat(rebased.commitInfo().readVersion()).isEqualTo(1);
    assertThat(rebased.fragments())
        .extracting(Fragment::lineage)
        .containsExactly(new FragmentLineage(0, 2), new FragmentLineage(3, 3));
    assertThat(rowIds(lineage(rebased))).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void appendsRacingFromManyThreadsGetDisjointRowIds() throws Exception {
    Table table = TestTables.create(dir, Map.of());
    int threads = 6;
    int appends = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int a = 0; a < appends; a++) {
                    long first = 1 + (writer * appends + a) * 3L;
                    TestTables.append(table, allocator, first, first + 1, first + 2);
                  }
                  return null;
                }));
      }
      for (Future<?> f : writers) {
        f.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    Snapshot latest = table.latestSnapshot();
    long rows = threads * appends * 3L;
    assertThat(latest.numRows()).isEqualTo(rows);
    assertThat(rowIds(lineage(latest)))
        .as("every row has its own id, and no range was given twice or skipped")
        .containsExactlyElementsOf(LongStream.range(0, rows).boxed().toList());
    for (Fragment f : latest.fragments()) {
      assertThat(f.lineage().defaultRowCommitVersion())
          .as("fragment %d records the version that committed it", f.id())
          .isEqualTo(versionAdding(table, f.id()));
    }
  }

  private static long versionAdding(Table table, long fragmentId) {
    for (long v : table.versions()) {
      if (table.snapshotAt(v).fragments().stream().anyMatch(f -> f.id() == fragmentId)) {
        return v;
      }
    }
    throw new AssertionError("no version lists fragment " + fragmentId);
  }

  @Test
  void rangesOfRemovedFragmentsAreNeverGivenAgainAlsoAfterACheckpoint() {
    Table table = TestTables.create(dir, Map.of(TableProperties.CHECKPOINT_INTERVAL, "3"));
    TestTables.append(table, allocator, 1, 2);
    Snapshot v3 = TestTables.append(table, allocator, 3, 4, 5);
    Fragment last = v3.fragments().get(1);
    table.newTransaction(v3, Operation.DELETE).removeFragment(last.id()).commit();
    assertThat(dir.resolve("_versions/00000000000000000003.checkpoint.json")).exists();

    Snapshot v5 = TestTables.append(table, allocator, 6);

    assertThat(lineage(v5)).containsEntry(6L, List.of(5L, 5L));
    assertThat(table.snapshotAt(4).rowIdHighWaterMark()).isEqualTo(5);
  }

  @Test
  void compactionKeepsEveryRowsIdAndLastUpdatedVersion() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2, 3);
    TestTables.append(table, allocator, 4, 5);
    Snapshot v4 = TestTables.append(table, allocator, 6);
    Transaction delete = table.newTransaction(v4, Operation.DELETE);
    delete.deleteRows(v4.fragments().get(0).id(), RoaringBitmap.bitmapOf(1));
    Snapshot before = delete.commit();
    Map<Long, List<Long>> expected = lineage(before);

    Snapshot compacted = table.compact(100, f -> true);

    assertThat(compacted.commitInfo().operation()).isEqualTo(Operation.OPTIMIZE);
    assertThat(compacted.fragments()).hasSize(1);
    assertThat(compacted.fragments().get(0).lineageFile()).isPresent();
    assertThat(lineage(compacted)).isEqualTo(expected);
    Snapshot appended = TestTables.append(table, allocator, 7);
    assertThat(lineage(appended).get(7L).get(0))
        .as("the compacted fragment's own range is above every id it stores")
        .isGreaterThan(compacted.fragments().get(0).lineage().baseRowId());
    assertThat(rowIds(lineage(appended))).doesNotHaveDuplicates();
  }

  /** The checked-in table of {@link TestGoldenTable}, written before row lineage was recorded. */
  Table goldenTable() throws IOException, URISyntaxException {
    return TestTables.copyOfGoldenTable(dir);
  }

  @Test
  void aTableWrittenBeforeRowLineageReadsIdsDerivedFromFragmentIdsThatStayStable()
      throws Exception {
    Table table = goldenTable();
    Snapshot v9 = table.latestSnapshot();
    assertThat(v9.fragments()).allSatisfy(f -> assertThat(f.lineage()).isNull());
    assertThat(v9.state().protocol().writerVersion()).isEqualTo(1);
    Map<Long, List<Long>> legacy = lineage(v9);
    for (Fragment f : v9.fragments()) {
      assertThat(RowLineage.derivedRowId(f.id(), 0)).isEqualTo(-(f.id() << 32) - 1);
    }
    assertThat(legacy.values())
        .allSatisfy(l -> assertThat(l.get(0)).isNegative())
        .allSatisfy(l -> assertThat(l.get(1)).isEqualTo(RowLineage.UNKNOWN_VERSION));
    assertThat(rowIds(legacy)).doesNotHaveDuplicates();
    assertThat(lineage(table.snapshotAt(9))).as("read again").isEqualTo(legacy);

    Snapshot appended = TestTables.append(table, allocator, 20, 21);
    Map<Long, List<Long>> afterAppend = lineage(appended);
    assertThat(afterAppend)
        .containsEntry(20L, List.of(0L, 10L))
        .containsEntry(21L, List.of(1L, 10L));
    afterAppend.remove(20L);
    afterAppend.remove(21L);
    assertThat(afterAppend).isEqualTo(legacy);

    Snapshot compacted = table.compact(1000, f -> true);
    assertThat(compacted.fragments()).hasSize(1);
    Map<Long, List<Long>> expected = new TreeMap<>(legacy);
    expected.put(20L, List.of(0L, 10L));
    expected.put(21L, List.of(1L, 10L));
    assertThat(lineage(compacted))
        .as("compaction stores the derived ids, so they outlive their fragments")
        .isEqualTo(expected);
  }

  @Test
  void aFragmentWithOnlyHalfOfItsLineageIsACorruptCommitNamingTheFile() throws IOException {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2);
    Path v2 = dir.resolve("_versions/00000000000000000002.json");
    String halfLineage = Files.readString(v2).replace(",\"defaultRowCommitVersion\":2", "");
    Path v3 = dir.resolve("_versions/00000000000000000003.json");
    Files.writeString(
        v3,
        halfLineage
            .replace("\"version\":2", "\"version\":3")
            .replace("\"readVersion\":1", "\"readVersion\":2")
            .replace("\"id\":1,", "\"id\":2,"));

    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(v3.getFileName().toString())
        .hasMessageContaining("only one of baseRowId and defaultRowCommitVersion");
    assertThat(lineage(table.snapshotAt(2))).containsEntry(1L, List.of(0L, 2L));
  }
}
