package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.internal.log.LogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening an old table reads a number of log files bounded by the checkpoint interval, not by the
 * table's age: from the last-checkpoint hint, without listing {@code _versions/}, once the hint
 * names a version at or past {@link LogReader#PROBE_FROM_VERSION} (20 here, so that a table of 45
 * versions, checkpointed every 10, is old). A missing, stale or misleading hint costs a listing,
 * never a wrong answer. Counted on a filesystem that counts log reads.
 */
class TestLogReadsAsTheTableAges {
  private static final int VERSIONS = 45;

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  Table table;

  @BeforeEach
  void aTableOf45Versions() {
    Configuration conf = CountingFileSystem.conf();
    conf.setLong(LogReader.PROBE_FROM_VERSION, 20);
    table =
        TestTables.create(
            CountingFileSystem.uri(dir),
            conf,
            Map.of(TableProperties.CLEANUP_RETENTION_HOURS, "0"));
    for (long id = 1; id < VERSIONS; id++) {
      TestTables.append(table, allocator, id);
    }
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  private List<Long> ids(Snapshot snapshot) {
    return TestTables.ids(snapshot, allocator).stream().sorted().toList();
  }

  private static List<Long> idsUpTo(long last) {
    return LongStream.rangeClosed(1, last).boxed().toList();
  }

  private void hint(long version) throws IOException {
    Files.writeString(
        dir.resolve("_versions").resolve("_last_checkpoint"),
        "{\"version\":" + version + ",\"numFragments\":" + (version - 1) + "}");
  }

  @Test
  void anOldTableOpensFromTheLastCheckpointWithoutListingItsLog() {
    CountingFileSystem.reset();
    Snapshot latest = table.latestSnapshot();

    assertThat(latest.version()).isEqualTo(VERSIONS);
    assertThat(ids(latest)).isEqualTo(idsUpTo(VERSIONS - 1));
    assertThat(CountingFileSystem.logListings()).as("listings of _versions").isZero();
    // the hint, checkpoint 40, commits 41 to 45 and the probe for 46
    assertThat(CountingFileSystem.logOpens()).as("log files opened").isEqualTo(8);
    assertThat(table.exists()).isTrue();
    assertThat(CountingFileSystem.logListings()).as("listings of _versions").isZero();
  }

  @Test
  void aCommitByAnotherWriterIsFoundAfterTheHintedCheckpoint() {
    Table other = Table.forPath(table.location(), table.conf());
    TestTables.append(other, allocator, 100);

    assertThat(table.latestSnapshot().version()).isEqualTo(VERSIONS + 1);
    assertThat(ids(table.latestSnapshot())).contains(100L).hasSize(VERSIONS);
  }

  @Test
  void timeTravelBelowTheHintStartsFromTheCheckpointBelowTheVersion() {
    CountingFileSystem.reset();
    Snapshot at23 = table.snapshotAt(23);
    Snapshot at5 = table.snapshotAt(5);

    assertThat(ids(at23)).isEqualTo(idsUpTo(22));
    assertThat(ids(at5)).isEqualTo(idsUpTo(4));
    assertThat(CountingFileSystem.logListings()).as("listings of _versions").isZero();
    // each: the hint; checkpoint 20 and commits 21 to 23, or commits 1 to 5
    assertThat(CountingFileSystem.logOpens()).as("log files opened").isEqualTo(5 + 6);
  }

  @Test
  void aShortHistoryReadsOnlyItsOwnCommits() {
    CountingFileSystem.reset();
    List<CommitInfo> history = table.history(10);

    assertThat(history)
        .extracting(CommitInfo::version)
        .isEqualTo(LongStream.iterate(VERSIONS, v -> v - 1).limit(10).boxed().toList());
    assertThat(CountingFileSystem.logListings()).as("listings of _versions").isZero();
    assertThat(CountingFileSystem.logOpens()).as("log files opened").isEqualTo(1 + 10);
    assertThat(table.history()).hasSize(VERSIONS);
  }

  @Test
  void withoutAHintTheLogIsListed() throws IOException {
    Files.delete(dir.resolve("_versions").resolve("_last_checkpoint"));
    CountingFileSystem.reset();

    assertThat(table.latestSnapshot().version()).isEqualTo(VERSIONS);
    assertThat(ids(table.snapshotAt(23))).isEqualTo(idsUpTo(22));
    assertThat(table.history(3)).extracting(CommitInfo::version).containsExactly(45L, 44L, 43L);
    assertThat(CountingFileSystem.logListings()).isEqualTo(3);
  }

  @Test
  void aHintNamingADeletedCheckpointFallsBackToListing() throws IOException {
    Files.delete(dir.resolve("_versions").resolve("00000000000000000040.checkpoint.json"));
    CountingFileSystem.reset();

    Snapshot latest = table.latestSnapshot();

    assertThat(latest.version()).isEqualTo(VERSIONS);
    assertThat(ids(latest)).isEqualTo(idsUpTo(VERSIONS - 1));
    assertThat(CountingFileSystem.logListings()).isEqualTo(1);
  }

  @Test
  void aStaleHintStillLeadsToTheLatestVersion() throws IOException {
    hint(30);
    CountingFileSystem.reset();
    assertThat(ids(table.latestSnapshot())).isEqualTo(idsUpTo(VERSIONS - 1));
    assertThat(CountingFileSystem.logListings())
        .as("commits 31 to 45 are read after checkpoint 30, without a listing")
        .isZero();

    hint(20);
    CountingFileSystem.reset();
    assertThat(table.latestSnapshot().version()).isEqualTo(VERSIONS);
    assertThat(CountingFileSystem.logListings())
        .as("more than two checkpoint intervals behind: listed")
        .isEqualTo(1);
  }

  @Test
  void aHintPastTheLastCommitInventsNoVersion() throws IOException {
    Files.copy(
        dir.resolve("_versions").resolve("00000000000000000040.checkpoint.json"),
        dir.resolve("_versions").resolve("00000000000000000050.checkpoint.json"));
    hint(50);

    assertThat(table.latestSnapshot().version()).isEqualTo(VERSIONS);
    assertThatThrownBy(() -> table.snapshotAt(50))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("50")
        .hasMessageContaining(table.location());
  }

  @Test
  void afterCleanupBelowATaggedVersionTheLatestVersionIsStillFound() throws IOException {
    table.createTag("kept", 40);
    CleanupResult result = table.cleanup(new CleanupOptions(Long.MAX_VALUE, 2, false, true));
    assertThat(result.versionsRemoved()).contains(1L, 39L, 41L, 43L).doesNotContain(40L, 44L, 45L);

    assertThat(ids(table.latestSnapshot())).isEqualTo(idsUpTo(VERSIONS - 1));
    assertThat(ids(table.snapshotAt(40))).isEqualTo(idsUpTo(39));
    assertThat(table.history(10)).extracting(CommitInfo::version).containsExactly(45L, 44L, 40L);
    assertThatThrownBy(() -> table.snapshotAt(23))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining(table.location());

    // As an earlier release's cleanup left it: the hint names the tagged version, whose next
    // commits are gone.
    hint(40);
    assertThat(table.latestSnapshot().version()).isEqualTo(VERSIONS);
    assertThat(table.history(2)).extracting(CommitInfo::version).containsExactly(45L, 44L);
  }
}
