package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits that record an application's batch version: the table keeps the latest one per
 * application, across checkpoints, and refuses a batch it already records.
 */
class TestBatchVersions {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  private Snapshot appendBatch(Table table, String appId, long batch, long... ids) {
    Snapshot base = table.latestSnapshot();
    return table
        .newTransaction(base, Operation.APPEND)
        .appendFragments(TestTables.write(table, base.schema(), allocator, ids))
        .recordBatch(appId, batch)
        .commit();
  }

  @Test
  void theTableRecordsTheLatestBatchOfEachApplication() {
    Table table = TestTables.create(dir, Map.of());
    assertThat(table.latestSnapshot().batchVersion("a")).isEqualTo(-1);
    appendBatch(table, "a", 0, 1);
    appendBatch(table, "b", 7, 2);
    appendBatch(table, "a", 1, 3);
    TestTables.append(table, allocator, 4);

    Snapshot latest = table.latestSnapshot();
    assertThat(latest.batchVersion("a")).isEqualTo(1);
    assertThat(latest.batchVersion("b")).isEqualTo(7);
    assertThat(table.snapshotAt(2).batchVersion("a")).isZero();
    assertThat(table.snapshotAt(2).batchVersion("b")).isEqualTo(-1);
  }

  @Test
  void aBatchAlreadyRecordedIsNotCommittedAgainAndTheTableIsUnchanged() {
    Table table = TestTables.create(dir, Map.of());
    appendBatch(table, "a", 5, 1, 2);
    long version = table.latestSnapshot().version();

    for (long batch : new long[] {5, 4}) {
      assertThatThrownBy(() -> appendBatch(table, "a", batch, 3))
          .isInstanceOf(BatchAlreadyCommittedException.class)
          .hasMessageContaining(dir.toString())
          .hasMessageContaining("already records batch 5 of application a")
          .satisfies(
              e -> assertThat(((BatchAlreadyCommittedException) e).recordedVersion()).isEqualTo(5));
    }
    assertThat(table.latestSnapshot().version()).isEqualTo(version);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L, 2L);
    assertThat(appendBatch(table, "a", 6, 3).batchVersion("a")).isEqualTo(6);
  }

  @Test
  void aBatchCommittedConcurrentlyIsFoundWhenRebasing() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction first =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 2))
            .recordBatch("q", 3);
    Transaction second =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 2))
            .recordBatch("q", 3);
    first.commit();

    assertThatThrownBy(second::commit).isInstanceOf(BatchAlreadyCommittedException.class);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L, 2L);
  }

  @Test
  void checkpointsCarryTheRecordedBatches() {
    Table table = TestTables.create(dir, Map.of(TableProperties.CHECKPOINT_INTERVAL, "2"));
    appendBatch(table, "a", 0, 1);
    appendBatch(table, "b", 3, 2);
    appendBatch(table, "a", 1, 3);
    assertThat(dir.resolve("_versions").toFile().list())
        .anyMatch(name -> name.contains("checkpoint"));

    Table reopened = Table.forPath(dir.toString(), table.conf());
    assertThat(reopened.latestSnapshot().batchVersion("a")).isEqualTo(1);
    assertThat(reopened.latestSnapshot().batchVersion("b")).isEqualTo(3);
    assertThatThrownBy(() -> appendBatch(reopened, "b", 3, 4))
        .isInstanceOf(BatchAlreadyCommittedException.class);
  }

  @Test
  void aBatchNeedsAnApplicationIdAndANonNegativeVersion() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    assertThatThrownBy(() -> table.newTransaction(base, Operation.APPEND).recordBatch("", 1))
        .hasMessageContaining("Cannot record batch 1 of application ''")
        .hasMessageContaining(dir.toString());
    assertThatThrownBy(() -> table.newTransaction(base, Operation.APPEND).recordBatch("a", -1))
        .hasMessageContaining("Cannot record batch -1 of application 'a'");
  }
}
