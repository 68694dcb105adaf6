package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CompactionPlan;
import io.github.lancelot.format.CompactionTarget;
import io.github.lancelot.format.ConcurrentModificationException;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.DistributedCompaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OPTIMIZE and {@code CALL system.compact} rewrite fragments in Spark tasks, one per group of
 * fragments, while the driver only plans from metadata and commits one version: rows and time
 * travel stay exact, deleted rows are gone, the targets in rows and bytes shape the new fragments,
 * and a failed task or commit leaves the table and its folder as they were.
 */
class TestOptimizeOnExecutors extends CatalogTestBase {
  private OptimizeTasks tasks;

  @BeforeEach
  void listenToOptimizeTasks() {
    tasks = new OptimizeTasks();
    spark.sparkContext().addSparkListener(tasks);
  }

  @AfterEach
  void stopListening() {
    spark.sparkContext().removeSparkListener(tasks);
  }

  /**
   * The tasks of the stages Spark ran for OPTIMIZE statements (their job description starts with
   * {@code OPTIMIZE}), and what the tasks' input and output metrics counted.
   */
  static final class OptimizeTasks extends SparkListener {
    final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    final AtomicInteger planned = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicLong rowsRead = new AtomicLong();
    final AtomicLong rowsWritten = new AtomicLong();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
      String description =
          submitted.properties() == null
              ? null
              : submitted.properties().getProperty("spark.job.description");
      if (description != null && description.startsWith("OPTIMIZE ")) {
        stages.add(submitted.stageInfo().stageId());
        planned.addAndGet(submitted.stageInfo().numTasks());
      }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart start) {
      if (stages.contains(start.stageId())) {
        started.incrementAndGet();
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (!stages.contains(end.stageId())) {
        return;
      }
      if (end.reason() == Success$.MODULE$) {
        succeeded.incrementAndGet();
        rowsRead.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
        rowsWritten.addAndGet(end.taskMetrics().outputMetrics().recordsWritten());
      }
      ended.incrementAndGet();
    }
  }

  /** Waits until the driver has told the listener everything, and every task started has ended. */
  private void awaitTasksEnded() throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    do {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      if (tasks.started.get() == tasks.ended.get()) {
        return;
      }
      Thread.sleep(50);
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError("OPTIMIZE tasks still running: " + tasks.started + " started");
  }

  /** A table of {@code appends} fragments of two rows each. */
  private void smallAppends(String name, int appends) {
    sql(
        "CREATE TABLE %s (id BIGINT, day INT, note STRING)"
            + " TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t(name));
    for (int i = 0; i < appends; i++) {
      sql(
          "INSERT INTO %s SELECT /*+ COALESCE(1) */ * FROM VALUES"
              + " (%d, %d, 'note %d'), (%d, %d, 'note %d')",
          t(name), i * 2, i % 3, i * 2, i * 2 + 1, i % 3, i * 2 + 1);
    }
    assertThat(lanceTable(name).latestSnapshot().fragments()).hasSize(appends);
  }

  private List<String> rowsOf(String table) {
    return rows("SELECT * FROM %s", table).stream().map(Row::toString).sorted().toList();
  }

  private Path folder(String name) {
    return warehouse.resolve("db").resolve(name);
  }

  /** The files in the table's data folder. */
  private Set<String> dataFiles(String name) throws IOException {
    try (var files = Files.list(folder(name).resolve("data"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> !n.endsWith(".crc"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static long bytesOf(List<Fragment> fragments) {
    return fragments.stream().mapToLong(Fragment::dataSizeInBytes).sum();
  }

  @Test
  void eachGroupOfFragmentsIsRewrittenByASparkTaskAndTheDriverCommitsOneVersion() throws Exception {
    smallAppends("q", 6);
    sql("DELETE FROM %s WHERE id = 3", t("q"));
    Snapshot before = lanceTable("q").latestSnapshot();
    List<String> rowsBefore = rowsOf(t("q"));
    int groups =
        lanceTable("q")
            .planCompaction(before, new CompactionTarget(4, Long.MAX_VALUE), f -> true)
            .groups()
            .size();
    assertThat(groups).isEqualTo(3);

    Row result =
        rows("CALL %s.system.compact(table => 'db.q', target_rows_per_fragment => 4)", catalog)
            .get(0);
    awaitTasksEnded();

    assertThat(result.getString(0)).isEqualTo(t("q"));
    assertThat(result.getLong(1)).isEqualTo(before.version() + 1);
    assertThat(result.getLong(2)).as("fragments removed").isEqualTo(6);
    assertThat(result.getLong(3)).as("fragments added").isEqualTo(3);
    assertThat(tasks.planned.get()).as("tasks of the OPTIMIZE job").isEqualTo(groups);
    assertThat(tasks.succeeded.get()).isEqualTo(groups);
    assertThat(tasks.rowsRead.get()).as("rows the tasks read").isEqualTo(11);
    assertThat(tasks.rowsWritten.get()).as("rows the tasks wrote").isEqualTo(11);

    Snapshot after = lanceTable("q").latestSnapshot();
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(rowsBefore);
    assertThat(rows("SELECT count(*) FROM %s WHERE id = 3", t("q")).get(0).getLong(0)).isZero();
    assertThat(after.fragments()).hasSize(3).allSatisfy(f -> assertThat(f.deletedRows()).isZero());
    assertThat(rowsOf(t("q") + " VERSION AS OF " + before.version()))
        .containsExactlyElementsOf(rowsBefore);
    Map<String, String> metrics = rows("DESCRIBE HISTORY %s LIMIT 1", t("q")).get(0).getJavaMap(5);
    assertThat(metrics)
        .containsEntry("numRewrittenRows", "11")
        .containsEntry("numRewrittenBytes", String.valueOf(bytesOf(before.fragments())))
        .containsEntry("numAddedBytes", String.valueOf(bytesOf(after.fragments())));
  }

  @Test
  void theTablesByteLimitMergesSmallFragmentsUpToThatSizeAndTheArgumentOverridesIt()
      throws Exception {
    smallAppends("q", 6);
    Snapshot before = lanceTable("q").latestSnapshot();
    List<String> rowsBefore = rowsOf(t("q"));
    long largest =
        before.fragments().stream().mapToLong(Fragment::dataSizeInBytes).max().orElseThrow();
    long limit = largest * 5 / 2;
    sql("ALTER TABLE %s SET TBLPROPERTIES ('max-bytes-per-fragment' = '%d')", t("q"), limit);

    sql("OPTIMIZE %s", t("q"));
    awaitTasksEnded();
    assertThat(tasks.planned.get()).isEqualTo(3);
    Snapshot merged = lanceTable("q").latestSnapshot();
    assertThat(merged.fragments())
        .hasSize(3)
        .allSatisfy(f -> assertThat(f.columnsSizeInBytes()).isLessThan(limit));
    assertThat(merged.commitInfo().operationParameters())
        .containsEntry("targetBytesPerFragment", String.valueOf(limit));
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(rowsBefore);
    assertThat(rows("OPTIMIZE %s", t("q")).get(0).getLong(1))
        .as("nothing left to merge within the limit")
        .isEqualTo(merged.version());

    List<Fragment> three = merged.fragments();
    long firstTwo = three.get(0).columnsSizeInBytes() + three.get(1).columnsSizeInBytes();
    rows(
        "CALL %s.system.compact(table => 'db.q', target_bytes_per_fragment => %d)",
        catalog, firstTwo + three.get(2).columnsSizeInBytes() / 2);
    assertThat(lanceTable("q").latestSnapshot().fragments()).hasSize(2);
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(rowsBefore);
  }

  @Test
  void aByteTargetSplitsAFragmentWithDeletedRowsIntoFragmentsOfAboutThatSize() {
    sql(
        "CREATE TABLE %s (id BIGINT, note STRING) TBLPROPERTIES ('max-rows-per-batch' = '50')",
        t("big"));
    sql("INSERT INTO %s SELECT id, concat('note ', id) FROM range(0, 2000, 1, 1)", t("big"));
    sql("DELETE FROM %s WHERE id = 7", t("big"));
    List<String> rowsBefore = rowsOf(t("big"));
    long size = lanceTable("big").latestSnapshot().fragments().get(0).dataSizeInBytes();

    rows(
        "CALL %s.system.compact(table => 'db.big', target_bytes_per_fragment => %d)",
        catalog, size / 4);
    List<Fragment> split = lanceTable("big").latestSnapshot().fragments();
    assertThat(split).hasSizeBetween(4, 5);
    assertThat(split)
        .allSatisfy(f -> assertThat(f.columnsSizeInBytes()).isLessThan(size / 4 + size / 20))
        .allSatisfy(f -> assertThat(f.deletedRows()).isZero());
    assertThat(rowsOf(t("big"))).hasSize(1999).containsExactlyElementsOf(rowsBefore);
  }

  @Test
  void aTaskThatCannotReadAFragmentFailsTheStatementNamingTheFileAndChangesNothing()
      throws Exception {
    smallAppends("q", 4);
    Snapshot before = lanceTable("q").latestSnapshot();
    Fragment last = before.fragments().get(3);
    Path damaged = folder("q").resolve(last.files().get(0).path());
    Files.write(damaged, new byte[(int) Files.size(damaged)]);
    Files.deleteIfExists(damaged.resolveSibling("." + damaged.getFileName() + ".crc"));
    Set<String> filesBefore = dataFiles("q");

    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.compact(table => 'db.q', target_rows_per_fragment => 4)",
                    catalog))
        .hasMessageContaining("OPTIMIZE")
        .hasMessageContaining(t("q"))
        .hasMessageContaining("committed nothing")
        .hasMessageContaining(damaged.getFileName().toString());
    awaitTasksEnded();

    assertThat(tasks.planned.get()).as("one task per group").isEqualTo(2);
    Snapshot latest = lanceTable("q").latestSnapshot();
    assertThat(latest.version()).isEqualTo(before.version());
    assertThat(latest.fragments()).isEqualTo(before.fragments());
    assertThat(dataFiles("q")).as("files left in the data folder").isEqualTo(filesBefore);
  }

  @Test
  void anAppendCommittedWhileTheTasksRewriteIsKept() {
    smallAppends("q", 4);
    Table table = lanceTable("q");
    Snapshot base = table.latestSnapshot();
    CompactionPlan plan =
        table.planCompaction(base, CompactionTarget.fromProperties(base.properties()), f -> true);
    sql("INSERT INTO %s VALUES (100, 1, 'appended meanwhile')", t("q"));
    List<String> rowsWithAppend = rowsOf(t("q"));

    Snapshot compacted = DistributedCompaction.run(plan, t("q"));
    assertThat(compacted.version()).isEqualTo(base.version() + 2);
    assertThat(rowsOf(t("q"))).hasSize(9).containsExactlyElementsOf(rowsWithAppend);
    assertThat(compacted.fragments()).hasSize(2);
  }

  @Test
  void aDeleteCommittedWhileTheTasksRewriteItsFragmentFailsTheOptimizeAndKeepsTheDelete()
      throws Exception {
    smallAppends("q", 4);
    Table table = lanceTable("q");
    Snapshot base = table.latestSnapshot();
    CompactionPlan plan =
        table.planCompaction(base, CompactionTarget.fromProperties(base.properties()), f -> true);
    sql("DELETE FROM %s WHERE id = 0", t("q"));
    Snapshot deleted = table.latestSnapshot();
    List<String> rowsAfterDelete = rowsOf(t("q"));
    Set<String> filesBefore = dataFiles("q");

    assertThatThrownBy(() -> DistributedCompaction.run(plan, t("q")))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("OPTIMIZE");
    awaitTasksEnded();
    assertThat(tasks.succeeded.get()).isEqualTo(1);
    assertThat(table.latestSnapshot().version()).isEqualTo(deleted.version());
    assertThat(rowsOf(t("q"))).hasSize(7).containsExactlyElementsOf(rowsAfterDelete);
    assertThat(dataFiles("q")).as("files left in the data folder").isEqualTo(filesBefore);
  }

  @Test
  void aConditionOnAColumnTheTableDoesNotHaveIsRefusedNamingIt() {
    smallAppends("q", 3);
    long version = lanceTable("q").latestSnapshot().version();
    List<String> rowsBefore = rowsOf(t("q"));

    assertThatThrownBy(() -> sql("OPTIMIZE %s WHERE nope = 1", t("q")))
        .hasMessageContaining("Invalid OPTIMIZE condition 'nope = 1' for table " + t("q"))
        .hasMessageContaining("nope");
    assertThat(lanceTable("q").latestSnapshot().version()).isEqualTo(version);
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(rowsBefore);
    assertThat(tasks.planned.get()).as("no OPTIMIZE task ran").isZero();
  }

  @Test
  void targetsThatAreNotPositiveAreRefusedNamingTheArgumentAndTheTable() {
    smallAppends("q", 3);
    long version = lanceTable("q").latestSnapshot().version();
    List<String> rowsBefore = rowsOf(t("q"));

    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.compact(table => 'db.q', target_bytes_per_fragment => 0)",
                    catalog))
        .hasMessageContaining("Invalid target_bytes_per_fragment 0 for table " + t("q"));
    assertThatThrownBy(() -> sql("CALL %s.system.compact('db.q', 10, NULL, -5)", catalog))
        .hasMessageContaining("Invalid target_bytes_per_fragment -5 for table " + t("q"));
    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.compact(table => 'db.q', target_rows_per_fragment => -1)",
                    catalog))
        .hasMessageContaining("Invalid target_rows_per_fragment -1 for table " + t("q"));
    assertThat(lanceTable("q").latestSnapshot().version()).isEqualTo(version);
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(rowsBefore);
  }
}
