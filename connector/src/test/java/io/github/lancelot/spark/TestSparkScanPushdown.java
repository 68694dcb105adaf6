package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.Test;

/**
 * What a scan skips: fragments by statistics and LIMIT, data files for COUNT(*), columns not asked
 * for, and rows its filter rules out, which Spark then does not filter again.
 */
@AcrossLines
class TestSparkScanPushdown extends SparkTestBase {

  /**
   * Four appends of ids [0,10), [10,20), [20,30), [30,40): four fragments with disjoint id ranges.
   */
  String fourFragments() {
    String p = path("t");
    for (int i = 0; i < 4; i++) {
      spark
          .range(i * 10, i * 10 + 10)
          .selectExpr("id", "cast(id % 3 AS int) AS bucket", "concat('n', id) AS name")
          .coalesce(1)
          .write()
          .format("lance")
          .mode("append")
          .save(p);
    }
    return p;
  }

  Dataset<Row> read(String p) {
    return spark.read().format("lance").load(p);
  }

  static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  static boolean sparkFilters(Dataset<Row> df) {
    return df.queryExecution().executedPlan().find(node -> node instanceof FilterExec).isDefined();
  }

  @Test
  void filtersPruneFragmentsByStatisticsAndTheScanKeepsOnlyTheMatchingRows() {
    String p = fourFragments();
    Dataset<Row> df = read(p).where("id > 31");
    assertThat(plan(df)).contains("fragments=1/4");
    assertThat(df.count()).isEqualTo(8);
    assertThat(sparkFilters(df)).isFalse();
    assertThat(df.collectAsList()).extracting(r -> r.getLong(0)).allMatch(id -> id > 31);
    Dataset<Row> byFunction = read(p).where("length(name) = 3 AND id > 31");
    assertThat(sparkFilters(byFunction)).as("a predicate the scan cannot evaluate").isTrue();
    assertThat(plan(byFunction)).contains("fragments=1/4");
    assertThat(byFunction.collectAsList())
        .extracting(r -> r.getLong(0))
        .containsExactlyInAnyOrder(32L, 33L, 34L, 35L, 36L, 37L, 38L, 39L)
        .hasSize(8);
    assertThat(plan(read(p).where("id = 15 OR id = 35"))).contains("fragments=2/4");
    assertThat(plan(read(p).where("id IN (1, 2, 3)"))).contains("fragments=1/4");
    assertThat(plan(read(p).where("name = 'n7'"))).contains("fragments=1/4");
    assertThat(read(p).where("name = 'n7'").count()).isEqualTo(1);
    assertThat(plan(read(p).where("id < 0")))
        .containsAnyOf("fragments=0/4", "LocalTableScan <empty>");
    assertThat(read(p).where("id < 0").count()).isZero();
    assertThat(plan(read(p).where("bucket = 1"))).contains("fragments=4/4");
    assertThat(plan(read(p).where("name IS NULL")))
        .containsAnyOf("fragments=0/4", "LocalTableScan <empty>");
    assertThat(plan(read(p).where("name IS NOT NULL AND id >= 39"))).contains("fragments=1/4");
  }

  @Test
  void countStarIsAnsweredFromTheLogWithoutOpeningDataFiles() throws IOException {
    String p = fourFragments();
    Dataset<Row> df = read(p);
    assertThat(plan(df.groupBy().count())).contains("LocalTableScan");
    deleteFolder(dir.resolve("t").resolve("data"));
    assertThat(read(p).count()).isEqualTo(40);
    assertThat(spark.sql("SELECT count(*) FROM lance_paths.`" + p + "`").first().getLong(0))
        .isEqualTo(40);
  }

  @Test
  void limitReadsOnlyTheFragmentsItNeeds() {
    String p = fourFragments();
    Dataset<Row> df = read(p).limit(5);
    assertThat(plan(df)).contains("fragments=1/4");
    assertThat(df.collectAsList()).hasSize(5);
  }

  @Test
  void aLimitOrACountOfFilteredRowsCountsOnlyTheMatchingRows() {
    String p = fourFragments();
    assertThat(read(p).where("bucket = 2 AND id >= 30").limit(3).collectAsList())
        .extracting(r -> r.getLong(0))
        .hasSize(3)
        .allMatch(id -> id >= 30 && id % 3 == 2);
    Dataset<Row> count = read(p).where("name >= 'n35'").groupBy().count();
    assertThat(plan(count)).doesNotContain("LocalTableScan");
    assertThat(count.first().getLong(0)).as("n35 to n39 and n4 to n9").isEqualTo(11);
  }

  @Test
  void scanMetricsCountFragmentsScannedAndPrunedAndBytesRead() {
    String p = fourFragments();
    Dataset<Row> df = read(p).where("id >= 20").select("name");
    assertThat(df.collectAsList()).hasSize(20);
    BatchScanExec scan = batchScan(df);
    assertThat(scan.metrics().get("fragmentsScanned").get().value()).isEqualTo(2);
    assertThat(scan.metrics().get("fragmentsPruned").get().value()).isEqualTo(2);
    assertThat(scan.metrics().get("dataBytesRead").get().value()).isPositive();
  }

  @Test
  void statisticsReportLiveRowsToTheOptimizer() {
    String p = fourFragments();
    var stats = read(p).queryExecution().optimizedPlan().stats();
    assertThat(stats.rowCount().get().longValue()).isEqualTo(40);
    assertThat(stats.sizeInBytes().longValue()).isPositive();
  }

  @Test
  void metadataColumnsIdentifyEachRow() {
    String p = fourFragments();
    List<Row> rows =
        read(p)
            .where("id IN (0, 9, 10)")
            .selectExpr("id", "_fragment_id", "_row_offset")
            .orderBy("id")
            .collectAsList();
    assertThat(rows)
        .extracting(r -> List.of(r.getLong(0), r.getLong(1), r.getLong(2)))
        .containsExactly(List.of(0L, 1L, 0L), List.of(9L, 1L, 9L), List.of(10L, 2L, 0L));
    assertThat(read(p).columns()).doesNotContain("_fragment_id", "_row_offset");
  }

  @Test
  void aFilterOnTheFragmentIdReadsOnlyThoseFragments() {
    String p = fourFragments();
    assertThat(plan(read(p).where("_fragment_id = 2"))).contains("fragments=1/4");
    assertThat(plan(read(p).where("_fragment_id IN (1, 3)"))).contains("fragments=2/4");
    assertThat(plan(read(p).where("_fragment_id NOT IN (1, 3)"))).contains("fragments=2/4");
    assertThat(plan(read(p).where("_fragment_id IN (1, 3) AND id > 25"))).contains("fragments=1/4");
    assertThat(
            read(p).where("_fragment_id NOT IN (1, 3)").orderBy("id").collectAsList().stream()
                .map(r -> r.getLong(0))
                .toList())
        .containsExactly(
            10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 30L, 31L, 32L, 33L, 34L, 35L, 36L,
            37L, 38L, 39L);
    assertThat(read(p).where("_fragment_id = 2 OR id = 35").count()).isEqualTo(11);
  }

  @Test
  void deletedRowsAreNeitherReadNorCounted() {
    String p = fourFragments();
    var table = io.github.lancelot.format.Table.forPath(p, spark.sessionState().newHadoopConf());
    var base = table.latestSnapshot();
    var delete = table.newTransaction(base, io.github.lancelot.format.Operation.DELETE);
    delete.deleteRows(
        base.fragments().get(0).id(), org.roaringbitmap.RoaringBitmap.bitmapOf(0, 5, 9));
    delete.deleteRows(base.fragments().get(3).id(), org.roaringbitmap.RoaringBitmap.bitmapOf(1));
    delete.commit();
    assertThat(read(p).count()).isEqualTo(36);
    assertThat(read(p).where("id IN (0, 5, 9, 31)").count()).isZero();
    assertThat(
            read(p)
                .where("id < 10")
                .selectExpr("_row_offset")
                .as(org.apache.spark.sql.Encoders.LONG())
                .collectAsList())
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 6L, 7L, 8L);
    assertThat(spark.read().format("lance").option("versionAsOf", 4).load(p).count()).isEqualTo(40);
  }

  static BatchScanExec batchScan(Dataset<Row> df) {
    SparkPlan plan = df.queryExecution().executedPlan();
    if (plan instanceof AdaptiveSparkPlanExec adaptive) {
      plan = adaptive.executedPlan();
    }
    for (SparkPlan leaf : ScalaCollections.list(plan.collectLeaves())) {
      if (leaf instanceof BatchScanExec scan) {
        return scan;
      }
    }
    throw new AssertionError("no BatchScanExec in " + plan);
  }

  static void deleteFolder(Path folder) throws IOException {
    try (var files = Files.walk(folder)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
