package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.junit.jupiter.api.Test;

/**
 * The metrics scans and writes report to Spark's SQL UI, read from the executed plan's nodes after
 * the statement ran.
 */
@AcrossLines
class TestMetricsSql extends CatalogTestBase {
  /**
   * Spark 3.5 reads a write task's metrics before its files are complete and does not ask the
   * driver for metrics: no files or bytes written, no committed version.
   */
  private static boolean driverWriteMetrics() {
    return !spark.version().startsWith("3.");
  }

  @Test
  void aSelectiveScanReportsFragmentsRowsBytesAndDeletedRows() {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    for (int i = 0; i < 4; i++) {
      sql(
          "INSERT INTO %s SELECT id, concat('n', id) FROM range(%d, %d, 1, 1)",
          t("q"), i * 10, i * 10 + 10);
    }
    sql("DELETE FROM %s WHERE id IN (31, 32)", t("q"));

    Dataset<Row> df = sql("SELECT * FROM %s WHERE id >= 30", t("q"));
    assertThat(df.collectAsList()).hasSize(8);
    SparkPlan scan = node(df, "BatchScanExec");
    assertThat(metric(scan, "fragmentsTotal")).isEqualTo(4);
    assertThat(metric(scan, "fragmentsPruned")).isEqualTo(3);
    assertThat(metric(scan, "fragmentsScanned")).isEqualTo(1);
    assertThat(metric(scan, "rowsRead")).isEqualTo(8);
    assertThat(metric(scan, "deletedRowsSkipped")).isEqualTo(2);
    assertThat(metric(scan, "dataBytesRead")).isPositive();
  }

  @Test
  void anInsertReportsFilesRowsBytesAndTheCommittedVersion() throws Exception {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    StatementActivity activity = StatementActivity.start(spark);
    Dataset<Row> insert =
        sql("INSERT INTO %s SELECT id, concat('n', id) FROM range(0, 25, 1, 2)", t("q"));
    activity.stop();
    SparkPlan append = node(insert, "AppendDataExec");
    assertThat(metric(append, "rowsWritten")).isEqualTo(25);
    assertThat(activity.taskMetric("rows written")).isEqualTo(25);
    if (driverWriteMetrics()) {
      // One fixed-width file and one for the strings per fragment, one fragment per task.
      assertThat(files("q")).isEqualTo(4);
      assertThat(metric(append, "filesWritten")).isEqualTo(files("q"));
      assertThat(metric(append, "bytesWritten")).isEqualTo(bytes("q"));
      assertThat(metric(append, "committedVersion")).isEqualTo(2);
      // The tasks report the files and bytes they wrote, as Spark's UI shows per task.
      assertThat(activity.taskMetric("data files written")).isEqualTo(files("q"));
      assertThat(activity.taskMetric("data bytes written")).isEqualTo(bytes("q"));
    } else {
      assertThat(append.metrics().contains("committedVersion")).isFalse();
    }
  }

  @Test
  void aCreateTableAsSelectReportsFilesRowsBytesAndTheCommittedVersion() throws Exception {
    StatementActivity activity = StatementActivity.start(spark);
    Dataset<Row> ctas =
        sql(
            "CREATE TABLE %s AS SELECT id, concat('n', id) AS name FROM range(0, 25, 1, 2)",
            t("q"));
    activity.stop();
    assertThat(activity.taskMetric("rows written")).isEqualTo(25);
    if (driverWriteMetrics()) {
      assertThat(activity.taskMetric("data files written")).isEqualTo(files("q"));
      assertThat(activity.taskMetric("data bytes written")).isEqualTo(bytes("q"));
      SparkPlan statement = node(ctas, "AtomicCreateTableAsSelectExec");
      assertThat(metric(statement, "rowsWritten")).isEqualTo(25);
      assertThat(metric(statement, "filesWritten")).isEqualTo(files("q"));
      assertThat(metric(statement, "bytesWritten")).isEqualTo(bytes("q"));
      assertThat(metric(statement, "committedVersion")).isEqualTo(1);
    }
  }

  @Test
  void aReplaceTableAsSelectReportsFilesRowsBytesAndTheCommittedVersion() throws Exception {
    sql("CREATE TABLE %s AS SELECT id FROM range(0, 5)", t("q"));
    StatementActivity activity = StatementActivity.start(spark);
    Dataset<Row> rtas =
        sql("REPLACE TABLE %s AS SELECT id, concat('n', id) AS name FROM range(0, 7)", t("q"));
    activity.stop();
    assertThat(activity.taskMetric("rows written")).isEqualTo(7);
    if (driverWriteMetrics()) {
      assertThat(activity.taskMetric("data files written")).isEqualTo(files("q"));
      assertThat(activity.taskMetric("data bytes written")).isEqualTo(bytes("q"));
      SparkPlan statement = node(rtas, "AtomicReplaceTableAsSelectExec");
      assertThat(metric(statement, "rowsWritten")).isEqualTo(7);
      assertThat(metric(statement, "filesWritten")).isEqualTo(files("q"));
      assertThat(metric(statement, "bytesWritten")).isEqualTo(bytes("q"));
      assertThat(metric(statement, "committedVersion")).isEqualTo(2);
    }
  }

  /** The data files of the table's latest version. */
  private long files(String name) {
    return lanceTable(name).latestSnapshot().fragments().stream()
        .mapToLong(f -> f.files().size())
        .sum();
  }

  /** The data bytes of the table's latest version. */
  private long bytes(String name) {
    return lanceTable(name).latestSnapshot().fragments().stream()
        .mapToLong(f -> f.dataSizeInBytes())
        .sum();
  }

  @Test
  void aMergeReportsRowsWrittenAndDeletedAndTheCommittedVersion() {
    sql("CREATE TABLE %s AS SELECT id, 'a' AS tag FROM range(0, 10)", t("q"));
    Dataset<Row> merge =
        sql(
            "MERGE INTO %s t USING (SELECT id FROM range(5, 15)) s ON t.id = s.id "
                + "WHEN MATCHED AND t.id < 7 THEN DELETE "
                + "WHEN MATCHED THEN UPDATE SET tag = 'b' "
                + "WHEN NOT MATCHED THEN INSERT (id, tag) VALUES (s.id, 'c')",
            t("q"));
    SparkPlan write = node(merge, "WriteDeltaExec");
    // 5 and 6 deleted, 7 to 9 updated (old versions deleted, new ones written), 10 to 14 inserted.
    assertThat(metric(write, "rowsDeleted")).isEqualTo(5);
    assertThat(metric(write, "rowsWritten")).isEqualTo(8);
    if (driverWriteMetrics()) {
      assertThat(metric(write, "filesWritten")).isPositive();
      assertThat(metric(write, "bytesWritten")).isPositive();
      assertThat(metric(write, "committedVersion")).isEqualTo(2);
    }
    assertThat(rows("SELECT count(*) FROM %s", t("q")).get(0).getLong(0)).isEqualTo(13);
  }

  /**
   * The node of the executed plan whose class name ends with {@code simpleName}, inside commands
   * and AQE.
   */
  static SparkPlan node(Dataset<Row> df, String simpleName) {
    List<SparkPlan> found = new ArrayList<>();
    collect(df.queryExecution().executedPlan(), simpleName, found);
    assertThat(found).as("%s in %s", simpleName, df.queryExecution().executedPlan()).isNotEmpty();
    return found.get(0);
  }

  private static void collect(SparkPlan plan, String simpleName, List<SparkPlan> found) {
    if (plan.getClass().getSimpleName().endsWith(simpleName)) {
      found.add(plan);
    }
    var children = plan.children().iterator();
    while (children.hasNext()) {
      collect(children.next(), simpleName, found);
    }
    var inner = plan.innerChildren().iterator();
    while (inner.hasNext()) {
      QueryPlan<?> p = inner.next();
      if (p instanceof SparkPlan s) {
        collect(s, simpleName, found);
      }
    }
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec a) {
      collect(a.executedPlan(), simpleName, found);
    }
  }

  static long metric(SparkPlan node, String name) {
    scala.Option<SQLMetric> m = node.metrics().get(name);
    assertThat(m.isDefined()).as("metric %s of %s", name, node.nodeName()).isTrue();
    return m.get().value();
  }
}
