package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writers in several threads of one process commit to one table at the same time: every commit
 * lands as exactly one version, none is lost or duplicated, and appends are rebased over concurrent
 * deletes (and vice versa).
 */
class TestConcurrentAppends {
  static final int THREADS = 8;
  static final int APPENDS_PER_THREAD = 10;
  static final int ROWS_PER_APPEND = 3;

  /** Bounds every wait, so that a deadlock fails the test instead of hanging the build. */
  static final long WAIT_MINUTES = 3;

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).as("writer threads stopped").isTrue();
    allocator.close();
  }

  /** Distinct ids of one append of one writer, never 0 (the test rows hold 1/id). */
  static long[] idsOf(int writer, int append) {
    long first = 1 + (long) (writer * APPENDS_PER_THREAD + append) * ROWS_PER_APPEND;
    return LongStream.range(first, first + ROWS_PER_APPEND).toArray();
  }

  static List<Long> range(long fromInclusive, long toInclusive) {
    return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  static List<Long> boxed(long... ids) {
    return LongStream.of(ids).boxed().toList();
  }

  static Set<Long> fragmentIds(Snapshot snapshot) {
    return snapshot.fragments().stream().map(Fragment::id).collect(Collectors.toSet());
  }

  /** Ids of the rows of one fragment of the snapshot. */
  List<Long> idsOfFragment(Snapshot snapshot, long fragmentId) {
    Scan scan = snapshot.newScan().select("id").filterFragments(f -> f.id() == fragmentId).build();
    assertThat(scan.fragments()).hasSize(1);
    List<Long> out = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            out.add(v.get(i));
          }
        }
      }
    }
    return out;
  }

  /** Waits for every task, rethrowing the first failure with its cause. */
  static <T> List<T> all(List<Future<T>> futures) throws Exception {
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(WAIT_MINUTES, TimeUnit.MINUTES));
    }
    return out;
  }

  @ParameterizedTest(name = "one shared Table instance: {0}")
  @ValueSource(booleans = {true, false})
  void eightThreadsAppendingTenTimesEachCommitEightyConsecutiveVersions(boolean sharedTable)
      throws Exception {
    Table table = TestTables.create(dir, Map.of());
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<Map<Long, List<Long>>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int writer = t;
      futures.add(
          pool.submit(
              () -> {
                Table mine =
                    sharedTable ? table : Table.forPath(table.location(), new Configuration());
                Map<Long, List<Long>> idsByVersion = new HashMap<>();
                // The first append of every writer is prepared on version 1 before any commit, so 7
                // of the 8 must rebase.
                Snapshot base = mine.latestSnapshot();
                Transaction first =
                    mine.newTransaction(base, Operation.APPEND)
                        .appendFragments(
                            TestTables.write(mine, base.schema(), allocator, idsOf(writer, 0)));
                start.await(WAIT_MINUTES, TimeUnit.MINUTES);
                idsByVersion.put(first.commit().version(), boxed(idsOf(writer, 0)));
                for (int k = 1; k < APPENDS_PER_THREAD; k++) {
                  long[] ids = idsOf(writer, k);
                  Snapshot committed = TestTables.append(mine, allocator, ids);
                  assertThat(idsByVersion.put(committed.version(), boxed(ids)))
                      .as("version reported twice")
                      .isNull();
                }
                return idsByVersion;
              }));
    }
    // Which ids each commit added, by the version its commit() returned.
    Map<Long, List<Long>> committed = new HashMap<>();
    for (Map<Long, List<Long>> ofOneWriter : all(futures)) {
      for (Map.Entry<Long, List<Long>> e : ofOneWriter.entrySet()) {
        assertThat(committed.put(e.getKey(), e.getValue()))
            .as("two commits returned version %d", e.getKey())
            .isNull();
      }
    }
    int appends = THREADS * APPENDS_PER_THREAD;
    assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(range(2, appends + 1));

    assertThat(table.versions()).containsExactlyElementsOf(range(1, appends + 1));
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(appends + 1);
    assertThat(latest.numRows()).isEqualTo((long) appends * ROWS_PER_APPEND);

    List<Long> expectedIds = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      for (int k = 0; k < APPENDS_PER_THREAD; k++) {
        expectedIds.addAll(boxed(idsOf(t, k)));
      }
    }
    List<Long> ids = TestTables.ids(latest, allocator);
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expectedIds);
    assertThat(TestTables.rows(latest, allocator))
        .allSatisfy(row -> assertThat(row.get("name")).isEqualTo("n" + row.get("id")));

    List<CommitInfo> history = table.history();
    List<Long> newestFirst = new ArrayList<>(range(1, appends + 1));
    java.util.Collections.reverse(newestFirst);
    assertThat(history).extracting(CommitInfo::version).containsExactlyElementsOf(newestFirst);
    assertThat(history.get(appends).operation()).isEqualTo(Operation.CREATE_TABLE);
    assertThat(history.subList(0, appends))
        .allSatisfy(
            info -> {
              assertThat(info.operation()).isEqualTo(Operation.APPEND);
              assertThat(info.blindAppend()).isTrue();
              assertThat(info.readVersion()).isBetween(1L, info.version() - 1);
              assertThat(info.operationMetrics())
                  .containsEntry("numAddedRows", (long) ROWS_PER_APPEND)
                  .containsEntry("numAddedFragments", 1L);
            });
    assertThat(history).extracting(CommitInfo::transactionId).doesNotHaveDuplicates();
    List<CommitInfo> preparedOnVersion1 =
        history.stream().filter(info -> info.readVersion() == 1).toList();
    assertThat(preparedOnVersion1).hasSize(THREADS);
    assertThat(preparedOnVersion1)
        .filteredOn(info -> info.version() > 2)
        .as("rebased commits")
        .hasSize(THREADS - 1);
    for (int i = 0; i < appends; i++) {
      assertThat(history.get(i).timestamp())
          .as("timestamp of version %d", history.get(i).version())
          .isGreaterThan(history.get(i + 1).timestamp());
    }

    assertThat(latest.fragments())
        .hasSize(appends)
        .extracting(Fragment::id)
        .doesNotHaveDuplicates();
    // Each version adds exactly one fragment with a fresh id, holding the rows of the commit that
    // returned it.
    Set<Long> usedIds = new HashSet<>();
    Set<Long> previous = fragmentIds(table.snapshotAt(1));
    assertThat(previous).isEmpty();
    for (long v = 2; v <= appends + 1; v++) {
      Snapshot snapshot = table.snapshotAt(v);
      assertThat(snapshot.numRows()).isEqualTo((v - 1) * ROWS_PER_APPEND);
      Set<Long> current = fragmentIds(snapshot);
      assertThat(current).containsAll(previous).hasSize(previous.size() + 1);
      Set<Long> added = new HashSet<>(current);
      added.removeAll(previous);
      long fragmentId = added.iterator().next();
      assertThat(usedIds.add(fragmentId)).as("fragment id %d reused", fragmentId).isTrue();
      assertThat(idsOfFragment(latest, fragmentId))
          .as("rows added by version %d", v)
          .isEqualTo(committed.get(v));
      previous = current;
    }
  }

  @Test
  void appendsRacingWithDeletesOfExistingFragmentsAllLand() throws Exception {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, LongStream.rangeClosed(1, 10).toArray()); // fragment a: v2
    TestTables.append(table, allocator, LongStream.rangeClosed(11, 20).toArray()); // fragment b: v3
    TestTables.append(table, allocator, LongStream.rangeClosed(21, 25).toArray()); // fragment c: v4
    Snapshot base = table.latestSnapshot();
    assertThat(base.version()).isEqualTo(4);
    List<Fragment> existing = base.fragments();
    assertThat(existing).hasSize(3);
    long a = existing.get(0).id();
    long b = existing.get(1).id();
    long c = existing.get(2).id();
    assertThat(idsOfFragment(base, a)).containsExactlyElementsOf(range(1, 10));
    assertThat(idsOfFragment(base, b)).containsExactlyElementsOf(range(11, 20));
    assertThat(idsOfFragment(base, c)).containsExactlyElementsOf(range(21, 25));

    // Prepared on version 4, committed only after a concurrent append landed: each must be rebased.
    Transaction deleteSomeOfA = table.newTransaction(base, Operation.DELETE);
    assertThat(deleteSomeOfA.deleteRows(a, RoaringBitmap.bitmapOf(0, 2, 4)))
        .isEqualTo(3); // ids 1, 3, 5
    Transaction deleteSomeOfB = table.newTransaction(base, Operation.DELETE);
    assertThat(deleteSomeOfB.deleteRows(b, RoaringBitmap.bitmapOf(1, 3)))
        .isEqualTo(2); // ids 12, 14
    Transaction deleteAllOfC = table.newTransaction(base, Operation.DELETE);
    assertThat(deleteAllOfC.deleteRows(c, RoaringBitmap.bitmapOf(0, 1, 2, 3, 4)))
        .isEqualTo(5); // fragment removed

    int appenders = 4;
    int appendsEach = 5;
    List<Transaction> deletes = List.of(deleteSomeOfA, deleteSomeOfB, deleteAllOfC);
    CyclicBarrier start = new CyclicBarrier(appenders + deletes.size());
    CountDownLatch firstAppendLanded = new CountDownLatch(1);
    List<Future<Snapshot>> deleteResults = new ArrayList<>();
    for (Transaction delete : deletes) {
      Callable<Snapshot> commit =
          () -> {
            start.await(WAIT_MINUTES, TimeUnit.MINUTES);
            assertThat(firstAppendLanded.await(WAIT_MINUTES, TimeUnit.MINUTES)).isTrue();
            return delete.commit();
          };
      deleteResults.add(pool.submit(commit));
    }
    List<Future<List<Long>>> appendResults = new ArrayList<>();
    for (int t = 0; t < appenders; t++) {
      int writer = t;
      appendResults.add(
          pool.submit(
              () -> {
                Table mine = Table.forPath(table.location(), new Configuration());
                List<Long> appended = new ArrayList<>();
                start.await(WAIT_MINUTES, TimeUnit.MINUTES);
                for (int k = 0; k < appendsEach; k++) {
                  long[] ids = LongStream.of(idsOf(writer, k)).map(id -> 1_000 + id).toArray();
                  TestTables.append(mine, allocator, ids);
                  firstAppendLanded.countDown();
                  appended.addAll(boxed(ids));
                }
                return appended;
              }));
    }
    List<Snapshot> deleted = all(deleteResults);
    List<Long> appended = all(appendResults).stream().flatMap(List::stream).toList();

    for (Snapshot s : deleted) {
      assertThat(s.commitInfo().operation()).isEqualTo(Operation.DELETE);
      assertThat(s.commitInfo().readVersion()).isEqualTo(4);
      assertThat(s.version()).as("rebased over at least one append").isGreaterThanOrEqualTo(6);
    }
    assertThat(deleted)
        .extracting(s -> s.commitInfo().operationMetrics().get("numDeletedRows"))
        .containsExactly(3L, 2L, 5L);

    long last = 4 + appenders * appendsEach + deletes.size();
    assertThat(table.versions()).containsExactlyElementsOf(range(1, last));
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(last);

    List<Long> expected = new ArrayList<>(range(1, 20));
    expected.removeAll(List.of(1L, 3L, 5L, 12L, 14L));
    expected.addAll(appended);
    assertThat(appended).hasSize(appenders * appendsEach * ROWS_PER_APPEND);
    assertThat(TestTables.ids(latest, allocator))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(latest.numRows()).isEqualTo(expected.size());

    Map<Long, Fragment> byId =
        latest.fragments().stream().collect(Collectors.toMap(Fragment::id, f -> f));
    assertThat(byId).containsKeys(a, b).doesNotContainKey(c);
    assertThat(latest.deletedRows(byId.get(a))).isEqualTo(RoaringBitmap.bitmapOf(0, 2, 4));
    assertThat(latest.deletedRows(byId.get(b))).isEqualTo(RoaringBitmap.bitmapOf(1, 3));
    assertThat(latest.fragments())
        .hasSize(2 + appenders * appendsEach)
        .extracting(Fragment::id)
        .doesNotHaveDuplicates();

    List<CommitInfo> history = table.history();
    assertThat(history)
        .extracting(CommitInfo::operation)
        .filteredOn(Operation.DELETE::equals)
        .hasSize(3);
    assertThat(history)
        .extracting(CommitInfo::operation)
        .filteredOn(Operation.APPEND::equals)
        .hasSize(3 + appenders * appendsEach);
  }
}
