package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.internal.maintenance.Compactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** Compaction, cleanup and shallow clones keep every kept version readable and lose nothing. */
class TestMaintenance {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  static final CleanupOptions EVERYTHING_OLD = new CleanupOptions(Long.MAX_VALUE, 1, false, true);

  /**
   * Ten appends of three rows; the in-flight guard is off so that files written just now can be
   * cleaned up.
   */
  Table tenSmallAppends(Path path) {
    Table table = TestTables.create(path, Map.of(TableProperties.CLEANUP_RETENTION_HOURS, "0"));
    for (long i = 0; i < 10; i++) {
      TestTables.append(table, allocator, i * 3, i * 3 + 1, i * 3 + 2);
    }
    return table;
  }

  Set<String> files(Path table, String folder) throws IOException {
    Path p = table.resolve(folder);
    if (!Files.exists(p)) {
      return Set.of();
    }
    try (var s = Files.list(p)) {
      return s.map(f -> f.getFileName().toString())
          .filter(n -> !n.endsWith(".crc"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void compactionMergesSmallFragmentsAndDeletionVectorsKeepingRowsAndHistory() {
    Table table = tenSmallAppends(dir);
    Snapshot before = table.latestSnapshot();
    Transaction delete = table.newTransaction(before, Operation.DELETE);
    delete.deleteRows(before.fragments().get(0).id(), RoaringBitmap.bitmapOf(1));
    Snapshot withDeletes = delete.commit();
    List<Long> ids = TestTables.ids(withDeletes, allocator);

    Snapshot compacted = table.compact(1000, f -> true);
    assertThat(compacted.commitInfo().operation()).isEqualTo(Operation.OPTIMIZE);
    assertThat(compacted.fragments()).hasSize(1);
    assertThat(compacted.fragments().get(0).deletedRows()).isZero();
    assertThat(TestTables.ids(compacted, allocator)).containsExactlyElementsOf(ids);
    assertThat(TestTables.rows(compacted, allocator))
        .allSatisfy(r -> assertThat(r.get("name")).isEqualTo("n" + r.get("id")));
    assertThat(TestTables.ids(table.snapshotAt(withDeletes.version()), allocator))
        .containsExactlyElementsOf(ids);
    assertThat(table.compact(1000, f -> true).version())
        .as("nothing left to compact")
        .isEqualTo(compacted.version());
  }

  @Test
  void compactionDoesNotConflictWithAConcurrentAppend() {
    Table table = tenSmallAppends(dir);
    Snapshot base = table.latestSnapshot();
    TestTables.append(table, allocator, 1000, 1001);
    Snapshot compacted =
        Compactor.compact(
            table.planCompaction(base, new CompactionTarget(1000, Long.MAX_VALUE), f -> true));
    assertThat(TestTables.ids(compacted, allocator)).hasSize(32).contains(1000L, 1001L);
    assertThat(compacted.version()).isEqualTo(base.version() + 2);
  }

  @Test
  void aCompactionPlanGroupsByBytesAsWellAsRowsFromMetadataAlone() {
    Table table = tenSmallAppends(dir);
    Snapshot base = table.latestSnapshot();
    long largest =
        base.fragments().stream().mapToLong(Fragment::dataSizeInBytes).max().orElseThrow();
    CompactionTarget target = new CompactionTarget(1000, largest * 5 / 2);

    CompactionPlan plan = table.planCompaction(base, target, f -> true);
    assertThat(plan.groups()).hasSize(5).allSatisfy(g -> assertThat(g.fragments()).hasSize(2));
    assertThat(plan.groups().get(0).options().maxBytesPerFragment()).isEqualTo(largest * 5 / 2);
    assertThat(table.latestSnapshot().version())
        .as("planning commits nothing")
        .isEqualTo(base.version());

    Snapshot compacted = Compactor.compact(plan);
    assertThat(compacted.fragments())
        .hasSize(5)
        .allSatisfy(f -> assertThat(f.dataSizeInBytes()).isLessThan(target.bytesPerFragment()));
    assertThat(TestTables.ids(compacted, allocator))
        .containsExactlyElementsOf(TestTables.ids(base, allocator));
    assertThat(compacted.commitInfo().operationParameters())
        .containsEntry("targetRowsPerFragment", "1000")
        .containsEntry("targetBytesPerFragment", String.valueOf(largest * 5 / 2));
    assertThat(compacted.commitInfo().operationMetrics())
        .containsEntry("numRemovedFragments", 10L)
        .containsEntry("numAddedFragments", 5L)
        .containsEntry("numRewrittenRows", 30L)
        .containsEntry(
            "numRewrittenBytes",
            base.fragments().stream().mapToLong(Fragment::dataSizeInBytes).sum());
    assertThat(table.planCompaction(compacted, target, f -> true).isEmpty())
        .as("the merged fragments are each too big to merge with a neighbour")
        .isTrue();
  }

  @Test
  void aByteTargetSplitsAFragmentWithDeletedRowsIntoFragmentsOfAboutThatSize() {
    Table table = TestTables.create(dir, Map.of(WriteOptions.MAX_ROWS_PER_BATCH, "50"));
    long[] ids = new long[2000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    TestTables.append(table, allocator, ids);
    Snapshot appended = table.latestSnapshot();
    Transaction delete = table.newTransaction(appended, Operation.DELETE);
    delete.deleteRows(appended.fragments().get(0).id(), RoaringBitmap.bitmapOf(7));
    Snapshot base = delete.commit();
    long size = base.fragments().get(0).dataSizeInBytes();

    Snapshot compacted =
        table.compact(
            CompactionTarget.fromProperties(base.properties()).withBytesPerFragment(size / 4),
            f -> true);
    assertThat(compacted.fragments()).hasSizeBetween(4, 5);
    assertThat(compacted.fragments())
        .allSatisfy(f -> assertThat(f.columnsSizeInBytes()).isLessThan(size / 4 + size / 20));
    assertThat(compacted.fragments()).allSatisfy(f -> assertThat(f.deletedRows()).isZero());
    assertThat(TestTables.ids(compacted, allocator))
        .hasSize(1999)
        .doesNotContain(7L)
        .containsExactlyElementsOf(TestTables.ids(base, allocator));
  }

  @Test
  void aCompactionTargetMustBePositive() {
    assertThatThrownBy(() -> new CompactionTarget(0, 10))
        .hasMessageContaining("max-rows-per-fragment");
    assertThatThrownBy(() -> new CompactionTarget(10, -1))
        .hasMessageContaining("max-bytes-per-fragment");
  }

  @Test
  void aRewriteThatCannotReadAFragmentDeletesWhatItWroteAndCommitsNothing() throws IOException {
    Table table = tenSmallAppends(dir);
    Snapshot base = table.latestSnapshot();
    Fragment last = base.fragments().get(base.fragments().size() - 1);
    Path damaged = dir.resolve(last.files().get(0).path());
    Files.write(damaged, new byte[(int) Files.size(damaged)]);
    Files.deleteIfExists(damaged.resolveSibling("." + damaged.getFileName() + ".crc"));
    Set<String> filesBefore = files(dir, "data");

    assertThatThrownBy(() -> table.compact(1000, f -> true))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(damaged.getFileName().toString());
    assertThat(table.latestSnapshot().version()).isEqualTo(base.version());
    assertThat(files(dir, "data")).isEqualTo(filesBefore);
  }

  @Test
  void aCompactionWhoseFragmentsAConcurrentDeleteChangedFailsAndDeletesItsFiles()
      throws IOException {
    Table table = tenSmallAppends(dir);
    Snapshot base = table.latestSnapshot();
    CompactionPlan plan =
        table.planCompaction(base, new CompactionTarget(1000, Long.MAX_VALUE), f -> true);
    List<RewrittenGroup> rewritten = new java.util.ArrayList<>();
    for (CompactionGroup g : plan.groups()) {
      rewritten.add(g.rewrite(table, allocator));
    }
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(base.fragments().get(3).id(), RoaringBitmap.bitmapOf(0));
    Snapshot deleted = delete.commit();
    Set<String> written =
        rewritten.stream()
            .flatMap(r -> r.written().stream())
            .flatMap(f -> f.files().stream())
            .map(f -> f.path().substring("data/".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(files(dir, "data")).containsAll(written);

    assertThatThrownBy(() -> plan.commit(rewritten))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("OPTIMIZE");
    assertThat(table.latestSnapshot().version()).isEqualTo(deleted.version());
    assertThat(files(dir, "data")).doesNotContainAnyElementsOf(written);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).hasSize(29);
  }

  @Test
  void aCompactionCommitsEachPlannedGroupOnceAndNothingElse() {
    Table table = tenSmallAppends(dir);
    Snapshot base = table.latestSnapshot();
    CompactionPlan plan =
        table.planCompaction(base, new CompactionTarget(6, Long.MAX_VALUE), f -> true);
    assertThat(plan.groups()).hasSize(5);
    RewrittenGroup first = plan.groups().get(0).rewrite(table, allocator);

    assertThatThrownBy(() -> plan.commit(List.of(first, first)))
        .hasMessageContaining("fragments " + first.replacedFragmentIds())
        .hasMessageContaining("rewritten twice");
    assertThat(table.latestSnapshot().version()).isEqualTo(base.version());
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).hasSize(30);
  }

  @Test
  void cleanupRemovesExactlyTheUnreferencedFilesAndExpiredVersions() throws IOException {
    Table table = tenSmallAppends(dir);
    table.compact(1000, f -> true);
    Snapshot latest = table.latestSnapshot();
    Set<String> referenced =
        latest.fragments().stream()
            .flatMap(f -> f.files().stream())
            .map(f -> f.path().substring("data/".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> before = files(dir, "data");
    assertThat(before).hasSizeGreaterThan(referenced.size());

    CleanupResult dry = table.cleanup(new CleanupOptions(Long.MAX_VALUE, 1, true, true));
    assertThat(files(dir, "data")).isEqualTo(before);
    CleanupResult done = table.cleanup(EVERYTHING_OLD);
    assertThat(done.filesRemoved()).containsExactlyInAnyOrderElementsOf(dry.filesRemoved());
    assertThat(files(dir, "data")).isEqualTo(referenced);
    assertThat(done.bytesRemoved()).isPositive();
    assertThat(done.versionsRemoved()).hasSize((int) latest.version() - 1);
    assertThat(table.versions()).containsExactly(latest.version());
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).hasSize(30);
    assertThatThrownBy(() -> table.snapshotAt(3))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("Version 3 of table")
        .hasMessageContaining("was removed by cleanup");
    TestTables.append(table, allocator, 99);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).hasSize(31);
  }

  @Test
  void cleanupHonoursRetentionTagsAndTheInFlightGuard() throws IOException {
    Table table = TestTables.create(dir, Map.of());
    for (long i = 0; i < 10; i++) {
      TestTables.append(table, allocator, i * 3, i * 3 + 1, i * 3 + 2);
    }
    table.createTag("golden", 4);
    assertThatThrownBy(
            () -> table.cleanup(new CleanupOptions(System.currentTimeMillis(), 1, false, false)))
        .hasMessageContaining("below the threshold of 168 hours");
    CleanupResult recentKept = table.cleanup(new CleanupOptions(0, 1, false, true));
    assertThat(recentKept.versionsRemoved()).isEmpty();

    table
        .newTransaction(table.latestSnapshot(), Operation.SET_PROPERTIES)
        .setProperties(Map.of(TableProperties.CLEANUP_RETENTION_HOURS, "1"))
        .commit();
    Snapshot golden = table.snapshotAt(4);
    List<Long> goldenIds = TestTables.ids(golden, allocator);
    table.compact(1000, f -> true);
    CleanupResult guarded = table.cleanup(EVERYTHING_OLD);
    assertThat(guarded.filesRemoved()).noneMatch(f -> f.contains("/data/"));
    assertThat(table.versions()).contains(4L);
    assertThat(TestTables.ids(table.snapshotAtTag("golden"), allocator))
        .containsExactlyElementsOf(goldenIds);
  }

  @Test
  void aShallowCloneSharesFilesEvolvesIndependentlyAndIsProtectedFromSourceCleanup()
      throws IOException {
    Path sourcePath = dir.resolve("source");
    Table source = tenSmallAppends(sourcePath);
    Table clone = source.shallowClone(source.snapshotAt(6), dir.resolve("clone").toString());
    assertThat(clone.versions()).containsExactly(1L);
    assertThat(TestTables.ids(clone.latestSnapshot(), allocator))
        .containsExactlyElementsOf(TestTables.ids(source.snapshotAt(6), allocator));
    assertThat(files(dir.resolve("clone"), "data")).isEmpty();

    TestTables.append(clone, allocator, 500);
    Snapshot cloneBase = clone.latestSnapshot();
    Transaction cloneDelete = clone.newTransaction(cloneBase, Operation.DELETE);
    cloneDelete.deleteRows(cloneBase.fragments().get(0).id(), RoaringBitmap.bitmapOf(0));
    cloneDelete.commit();
    assertThat(TestTables.ids(source.latestSnapshot(), allocator))
        .hasSize(30)
        .doesNotContain(500L)
        .contains(0L);
    List<Long> cloneIds = TestTables.ids(clone.latestSnapshot(), allocator);
    assertThat(cloneIds).contains(500L).doesNotContain(0L);

    Transaction sourceDelete = source.newTransaction(source.latestSnapshot(), Operation.DELETE);
    source.latestSnapshot().fragments().forEach(f -> sourceDelete.removeFragment(f.id()));
    sourceDelete.commit();
    source.cleanup(EVERYTHING_OLD);
    assertThat(TestTables.ids(clone.latestSnapshot(), allocator))
        .containsExactlyElementsOf(cloneIds);
    assertThat(files(sourcePath, "data")).isNotEmpty();

    clone.cleanup(EVERYTHING_OLD);
    org.apache.commons.io.FileUtils.deleteDirectory(dir.resolve("clone").toFile());
    source.cleanup(EVERYTHING_OLD);
    assertThat(files(sourcePath, "data")).isEmpty();
  }

  @Test
  void aCloneOfACloneKeepsTheOriginalSourcesFilesAliveAndPathsWithSpacesWork() throws IOException {
    Path sourcePath = dir.resolve("source table");
    Table source = tenSmallAppends(sourcePath);
    Table first =
        source.shallowClone(source.latestSnapshot(), dir.resolve("first clone").toString());
    Table second =
        first.shallowClone(first.latestSnapshot(), dir.resolve("second clone").toString());
    List<Long> ids = TestTables.ids(second.latestSnapshot(), allocator);
    assertThat(ids).hasSize(30);

    Transaction wipe = source.newTransaction(source.latestSnapshot(), Operation.DELETE);
    source.latestSnapshot().fragments().forEach(f -> wipe.removeFragment(f.id()));
    wipe.commit();
    source.cleanup(EVERYTHING_OLD);
    assertThat(TestTables.ids(second.latestSnapshot(), allocator)).containsExactlyElementsOf(ids);
    assertThatThrownBy(
            () ->
                source.shallowClone(source.latestSnapshot(), dir.resolve("first clone").toString()))
        .isInstanceOf(TableAlreadyExistsException.class);
  }

  @Test
  void cleanupReadsEachKeptCommitOnceInsteadOfReplayingEveryKeptVersionFromTheStart() {
    int versions = 40;
    Table table =
        TestTables.create(
            dir,
            Map.of(
                TableProperties.CLEANUP_RETENTION_HOURS,
                "0",
                TableProperties.CHECKPOINT_INTERVAL,
                "1000"));
    for (long i = 1; i < versions; i++) {
      TestTables.append(table, allocator, i);
    }
    Table counted = Table.forPath(CountingFileSystem.uri(dir), CountingFileSystem.conf());
    assertThat(counted.versions()).hasSize(versions);

    CountingFileSystem.reset();
    CleanupResult kept = counted.cleanup(new CleanupOptions(0, 1, false, true));
    assertThat(kept.versionsRemoved()).isEmpty();
    // Without checkpoints, loading each kept version on its own would open 40 * 41 / 2 = 820 commit
    // files.
    assertThat(CountingFileSystem.logOpens())
        .as("log files opened by the cleanup")
        .isLessThanOrEqualTo(4 * versions);

    CountingFileSystem.reset();
    CleanupResult newest = counted.cleanup(new CleanupOptions(Long.MAX_VALUE, 20, false, true));
    assertThat(newest.versionsRemoved()).hasSize(versions - 20);
    assertThat(CountingFileSystem.logOpens())
        .as("log files opened by the cleanup")
        .isLessThanOrEqualTo(4 * versions);
    assertThat(table.versions()).hasSize(20);
    assertThat(TestTables.ids(table.snapshotAt(versions - 19), allocator)).hasSize(versions - 20);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).hasSize(versions - 1);
  }
}
