package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

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
class TestMetricsSql extends CatalogTestBase {
  /** Spark 3.5 does not ask a write for driver metrics: no bytes written, no committed version. */
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
  void anInsertReportsFilesRowsBytesAndTheCommittedVersion() {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    Dataset<Row> insert =
        sql("INSERT INTO %s SELECT id, concat('n', id) FROM range(0, 25)", t("q"));
    SparkPlan append = node(insert, "AppendDataExec");
    assertThat(metric(append, "rowsWritten")).isEqualTo(25);
    if (driverWriteMetrics()) {
      // One fixed-width file and one for the strings per fragment.
      long files =
          lanceTable("q").latestSnapshot().fragments().stream()
              .mapToLong(f -> f.files().size())
              .sum();
      assertThat(metric(append, "filesWritten")).isEqualTo(files).isGreaterThanOrEqualTo(2);
      long bytes =
          lanceTable("q").latestSnapshot().fragments().stream()
              .mapToLong(f -> f.dataSizeInBytes())
              .sum();
      assertThat(metric(append, "bytesWritten")).isEqualTo(bytes);
      assertThat(metric(append, "committedVersion")).isEqualTo(2);
    } else {
      assertThat(append.metrics().contains("committedVersion")).isFalse();
    }
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
