package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.testing.AcrossLines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.Test;

/**
 * Nearest-neighbour search in SQL: the vector functions, with the semantics of Spark 4.2's
 * built-ins on every line, and {@code ORDER BY <function>(vec, <constant>) LIMIT k} run inside the
 * scan, returning exactly what Spark returns when it sorts every row itself.
 */
@AcrossLines
class TestVectorSearchSql extends CatalogTestBase {
  static final String QUERY = "array(0.3F, -0.2F, 0.5F, 0.1F)";
  static final float[] QUERY_VALUES = {0.3f, -0.2f, 0.5f, 0.1f};

  /** {@code db.<name>}: 100 rows with 4-float vectors in 4 fragments of 25 rows, ids 0 to 99. */
  String vectors(String name) {
    sql(
        "CREATE TABLE %s (id BIGINT, grp STRING, vec ARRAY<FLOAT>) "
            + "TBLPROPERTIES ('vec.arrow.fixed-size-list.size' = '4')",
        t(name));
    for (int f = 0; f < 4; f++) {
      append(name, f * 25, f * 25 + 25);
    }
    return t(name);
  }

  void append(String name, long from, long to) {
    sql(
        "INSERT INTO %s SELECT id, IF(id %% 3 = 0, 'a', 'b'), array(CAST(sin(id) AS FLOAT), "
            + "CAST(cos(id * 1.3) AS FLOAT), CAST(sin(id * 0.37) AS FLOAT), "
            + "CAST(cos(id * 2.1) AS FLOAT)) FROM range(%d, %d, 1, 1)",
        t(name), from, to);
  }

  /**
   * The same rows as a relation Spark sorts itself: a temporary view over a copy of the rows of
   * {@code relation} (a table, with a version clause if any).
   */
  String copyOf(String relation) {
    Dataset<Row> rows = spark.sql("SELECT * FROM " + relation);
    spark.createDataFrame(rows.collectAsList(), rows.schema()).createOrReplaceTempView("copied");
    return "copied";
  }

  /** Each row as a list of its values. */
  List<List<Object>> values(String query, Object... args) {
    return rows(query, args).stream()
        .map(r -> Arrays.asList(ScalaCollections.list(r.toSeq()).toArray()))
        .toList();
  }

  String explain(String query, Object... args) {
    return rows("EXPLAIN " + query, args).get(0).getString(0);
  }

  /**
   * The query on {@code relation} is run by the scan as a top-k search, and returns exactly what it
   * returns on a copy of the same rows that Spark sorts itself. {@code %s} in the query stands for
   * the relation.
   */
  List<List<Object>> searchedInTheScan(String relation, String query, int k) {
    String sql = String.format(query, relation);
    assertThat(explain(sql)).as(sql).contains("top " + k + " by ");
    List<List<Object>> pushed = values(sql);
    String plain = String.format(query, copyOf(relation));
    assertThat(explain(plain)).doesNotContain("top " + k + " by ");
    assertThat(pushed).as(sql).isEqualTo(values(plain));
    return pushed;
  }

  /** Ids of rows 0 to 99 in the order of their Euclidean distance to the query, in doubles. */
  static List<Long> idsByDistance(List<Long> ids) {
    return ids.stream()
        .sorted(Comparator.comparingDouble(TestVectorSearchSql::referenceDistance))
        .toList();
  }

  static double referenceDistance(long id) {
    double[] v = {
      (float) Math.sin(id),
      (float) Math.cos(id * 1.3),
      (float) Math.sin(id * 0.37),
      (float) Math.cos(id * 2.1)
    };
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      double d = v[i] - QUERY_VALUES[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }

  static List<Long> range(long from, long to) {
    List<Long> ids = new ArrayList<>();
    for (long i = from; i < to; i++) {
      ids.add(i);
    }
    return ids;
  }

  static List<Object> ids(List<List<Object>> rows) {
    return rows.stream().map(r -> r.get(0)).toList();
  }

  // ---- the functions

  @Test
  void theFunctionsComputeDistancesAndSimilaritiesAsSparkDefinesThem() {
    String a = "array(1.0F, 2.0F, 3.0F)";
    String b = "array(4.0F, 5.0F, 6.0F)";
    Row r =
        rows(
                "SELECT vector_l2_distance(%1$s, %2$s), vector_inner_product(%1$s, %2$s), "
                    + "vector_cosine_similarity(%1$s, %2$s), vector_cosine_distance(%1$s, %2$s)",
                a, b)
            .get(0);
    // Spark 4.2's documented examples.
    assertThat(r.getFloat(0)).isEqualTo(5.196152f);
    assertThat(r.getFloat(1)).isEqualTo(32.0f);
    assertThat(r.getFloat(2)).isEqualTo(0.9746319f);
    assertThat(r.getFloat(3)).isEqualTo(1.0f - 0.9746319f);

    float[] x = new float[19];
    float[] y = new float[19];
    for (int i = 0; i < 19; i++) {
      x[i] = (float) Math.sin(i + 1);
      y[i] = (float) Math.cos(3 * i);
    }
    double dot = 0;
    double xx = 0;
    double yy = 0;
    double sq = 0;
    for (int i = 0; i < 19; i++) {
      dot += x[i] * (double) y[i];
      xx += x[i] * (double) x[i];
      yy += y[i] * (double) y[i];
      sq += (x[i] - (double) y[i]) * (x[i] - (double) y[i]);
    }
    Row long19 =
        rows(
                "SELECT vector_l2_distance(%1$s, %2$s), vector_inner_product(%1$s, %2$s), "
                    + "vector_cosine_similarity(%1$s, %2$s), vector_cosine_distance(%1$s, %2$s)",
                literal(x), literal(y))
            .get(0);
    assertThat(long19.getFloat(0)).isCloseTo((float) Math.sqrt(sq), within(1e-5f));
    assertThat(long19.getFloat(1)).isCloseTo((float) dot, within(1e-5f));
    double cos = dot / Math.sqrt(xx * yy);
    assertThat(long19.getFloat(2)).isCloseTo((float) cos, within(1e-6f));
    assertThat(long19.getFloat(3)).isCloseTo((float) (1 - cos), within(1e-6f));
  }

  static String literal(float[] v) {
    StringBuilder b = new StringBuilder("array(");
    for (int i = 0; i < v.length; i++) {
      b.append(i == 0 ? "" : ", ").append("CAST(").append(v[i]).append(" AS FLOAT)");
    }
    return b.append(")").toString();
  }

  @Test
  void nullVectorsNullElementsAndZeroVectorsGiveNull() {
    String v = "array(1.0F, 2.0F)";
    Row r =
        rows(
                "SELECT vector_l2_distance(CAST(NULL AS ARRAY<FLOAT>), %1$s), "
                    + "vector_inner_product(%1$s, array(1.0F, CAST(NULL AS FLOAT))), "
                    + "vector_cosine_similarity(array(0.0F, 0.0F), %1$s), "
                    + "vector_cosine_distance(%1$s, array(0.0F, 0.0F)), "
                    + "vector_l2_distance(array(CAST(NULL AS FLOAT)), array(CAST(NULL AS FLOAT)))",
                v)
            .get(0);
    for (int i = 0; i < 5; i++) {
      assertThat(r.isNullAt(i)).as("column %d", i).isTrue();
    }
    Row empty =
        rows("SELECT vector_l2_distance(e, e), vector_inner_product(e, e), "
                + "vector_cosine_similarity(e, e) FROM (SELECT CAST(array() AS ARRAY<FLOAT>) e)")
            .get(0);
    assertThat(empty.getFloat(0)).isZero();
    assertThat(empty.getFloat(1)).isZero();
    assertThat(empty.isNullAt(2)).isTrue();
  }

  @Test
  void theCatalogsFunctionsAreTheSameFunctions() {
    String a = "array(0.5F, -1.5F, 2.0F)";
    String b = "array(1.0F, 0.25F, -3.0F)";
    for (String f :
        List.of(
            "vector_l2_distance",
            "vector_cosine_distance",
            "vector_inner_product",
            "vector_cosine_similarity")) {
      float session = rows("SELECT %s(%s, %s)", f, a, b).get(0).getFloat(0);
      float catalogs = rows("SELECT %s.system.%s(%s, %s)", catalog, f, a, b).get(0).getFloat(0);
      assertThat(catalogs).as(f).isEqualTo(session);
    }
  }

  @Test
  void theCatalogListsItsFunctionsInNamespaceSystem() throws Exception {
    FunctionCatalog functions =
        (FunctionCatalog) spark.sessionState().catalogManager().catalog(catalog);
    assertThat(
            Arrays.stream(functions.listFunctions(new String[] {"system"})).map(Identifier::name))
        .containsExactlyInAnyOrder(
            "vector_l2_distance",
            "vector_cosine_distance",
            "vector_inner_product",
            "vector_cosine_similarity");
    assertThat(functions.listFunctions(new String[] {"db"})).isEmpty();
    assertThat(functions.functionExists(Identifier.of(new String[] {"db"}, "vector_l2_distance")))
        .isFalse();
  }

  @Test
  void vectorsOfDifferentDimensionsAreAnErrorNamingTheFunctionAndBothDimensions() {
    String table = vectors("v");
    long version = lanceTable("v").latestSnapshot().version();
    List<List<Object>> before = values("SELECT * FROM %s ORDER BY id", table);
    assertThatThrownBy(
            () -> rows("SELECT vector_l2_distance(array(1F, 2F, 3F), array(1F, 2F))").size())
        .hasMessageContaining("vector_l2_distance")
        .hasMessageContaining("3 and 2");
    assertThatThrownBy(
            () ->
                rows(
                        "SELECT id FROM %s ORDER BY %s.system.vector_cosine_distance(vec, "
                            + "array(1F, 2F)) LIMIT 3",
                        table, catalog)
                    .size())
        .hasMessageContaining("vector_cosine_distance")
        .hasMessageContaining("4 and 2");
    assertThat(lanceTable("v").latestSnapshot().version()).isEqualTo(version);
    assertThat(values("SELECT * FROM %s ORDER BY id", table)).isEqualTo(before);
  }

  @Test
  void argumentsOtherThanFloatVectorsAreRefusedNamingTheFunction() {
    String table = vectors("v");
    long version = lanceTable("v").latestSnapshot().version();
    assertThatThrownBy(() -> sql("SELECT vector_l2_distance(array(1D, 2D), array(1F, 2F))"))
        .hasMessageContaining("vector_l2_distance")
        .hasMessageContaining("ARRAY<FLOAT>");
    assertThatThrownBy(
            () -> sql("SELECT vector_cosine_distance(vec, array(1, 2, 3, 4)) FROM %s", table))
        .hasMessageContaining("vector_cosine_distance")
        .hasMessageContaining("ARRAY<FLOAT>");
    assertThatThrownBy(
            () -> sql("SELECT %s.system.vector_inner_product(vec, 'x') FROM %s", catalog, table))
        .hasMessageContaining("vector_inner_product")
        .hasMessageContaining("ARRAY<FLOAT>");
    assertThat(lanceTable("v").latestSnapshot().version()).isEqualTo(version);
    assertThat(rows("SELECT count(*) FROM %s", table).get(0).getLong(0)).isEqualTo(100);
  }

  // ---- nearest-neighbour search in the scan

  @Test
  void theNearestRowsAreFoundInTheScanForAnyKAndEveryMeasure() {
    String table = vectors("v");
    for (int k : new int[] {1, 10, 500}) {
      List<List<Object>> nearest =
          searchedInTheScan(
              table,
              "SELECT id, vector_l2_distance(vec, "
                  + QUERY
                  + ") AS d FROM %s ORDER BY d LIMIT "
                  + k,
              k);
      assertThat(ids(nearest))
          .as("k = %d", k)
          .containsExactlyElementsOf(idsByDistance(range(0, 100)).subList(0, Math.min(k, 100)));
      for (List<Object> row : nearest) {
        assertThat((Float) row.get(1))
            .isCloseTo((float) referenceDistance((Long) row.get(0)), within(1e-5f));
      }
    }
    for (String order :
        List.of(
            "vector_cosine_distance(vec, " + QUERY + ")",
            "vector_inner_product(" + QUERY + ", vec) DESC",
            "vector_cosine_similarity(vec, " + QUERY + ") DESC",
            catalog + ".system.vector_l2_distance(vec, " + QUERY + ")",
            "vector_l2_distance(vec, " + QUERY + ") DESC NULLS LAST")) {
      assertThat(
              searchedInTheScan(table, "SELECT id, grp FROM %s ORDER BY " + order + " LIMIT 7", 7))
          .as(order)
          .hasSize(7);
    }
  }

  @Test
  void deletedRowsAreNeverReturned() {
    String table = vectors("v");
    List<Long> nearestFive = idsByDistance(range(0, 100)).subList(0, 5);
    sql(
        "DELETE FROM %s WHERE id IN (%s)",
        table, nearestFive.stream().map(String::valueOf).collect(Collectors.joining(", ")));
    List<List<Object>> nearest =
        searchedInTheScan(
            table, "SELECT id FROM %s ORDER BY vector_l2_distance(vec, " + QUERY + ") LIMIT 5", 5);
    List<Long> remaining = new ArrayList<>(range(0, 100));
    remaining.removeAll(nearestFive);
    assertThat(ids(nearest)).containsExactlyElementsOf(idsByDistance(remaining).subList(0, 5));
  }

  @Test
  void aWhereClauseIsAppliedBeforeTheNearestRowsAreChosen() {
    String table = vectors("v");
    List<List<Object>> nearest =
        searchedInTheScan(
            table,
            "SELECT id, grp FROM %s WHERE grp = 'a' AND id >= 30 "
                + "ORDER BY vector_l2_distance(vec, "
                + QUERY
                + ") LIMIT 4",
            4);
    List<Long> matching = range(30, 100).stream().filter(id -> id % 3 == 0).toList();
    assertThat(ids(nearest)).containsExactlyElementsOf(idsByDistance(matching).subList(0, 4));
    assertThat(nearest).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("a"));

    String sparkFilters =
        "SELECT id FROM %s WHERE length(grp) = 1 ORDER BY vector_l2_distance(vec, "
            + QUERY
            + ") LIMIT 4";
    assertThat(explain(String.format(sparkFilters, table))).doesNotContain("top 4 by ");
    assertThat(ids(values(String.format(sparkFilters, table))))
        .containsExactlyElementsOf(idsByDistance(range(0, 100)).subList(0, 4));
  }

  @Test
  void anOldVersionATagAndAShallowCloneAreSearchedAsTheyAre() {
    String table = vectors("v");
    sql("ALTER TABLE %s CREATE TAG four_fragments", table);
    append("v", 100, 140);
    sql("DELETE FROM %s WHERE id < 50", table);
    String query = "SELECT id FROM %s ORDER BY vector_l2_distance(vec, " + QUERY + ") LIMIT 6";
    List<Long> atVersion5 = idsByDistance(range(0, 100)).subList(0, 6);
    assertThat(ids(searchedInTheScan(table + " VERSION AS OF 5", query, 6)))
        .containsExactlyElementsOf(atVersion5);
    assertThat(ids(searchedInTheScan(table + " VERSION AS OF 'four_fragments'", query, 6)))
        .containsExactlyElementsOf(atVersion5);
    assertThat(ids(searchedInTheScan(table, query, 6)))
        .containsExactlyElementsOf(idsByDistance(range(50, 140)).subList(0, 6));
    sql("CREATE TABLE %s SHALLOW CLONE %s VERSION AS OF 5", t("c"), table);
    assertThat(ids(searchedInTheScan(t("c"), query, 6))).containsExactlyElementsOf(atVersion5);
  }

  @Test
  void theQueryVectorMayBeAParameterAndTheOrderAnAlias() {
    String table = vectors("v");
    String sql =
        "SELECT id, vector_cosine_similarity(vec, :q) AS similarity FROM "
            + table
            + " ORDER BY similarity DESC LIMIT 3";
    Map<String, Object> args = Map.of("q", QUERY_VALUES);
    Dataset<Row> query = spark.sql(sql, args);
    assertThat(query.queryExecution().executedPlan().toString())
        .contains("top 3 by vector_cosine_similarity(vec, [0.3, -0.2, 0.5, 0.1]) DESC");
    List<Row> nearest = query.collectAsList();
    List<Row> literal =
        rows(
            "SELECT id, vector_cosine_similarity(vec, %s) AS similarity FROM %s "
                + "ORDER BY similarity DESC LIMIT 3",
            QUERY, table);
    assertThat(nearest).isEqualTo(literal).hasSize(3);
  }

  @Test
  void nullVectorsAndNullElementsSortAsSparkSortsNulls() {
    String table = vectors("v");
    sql(
        "INSERT INTO %s VALUES (200, 'a', NULL), (201, 'b', array(1F, NULL, 0F, 0F)), "
            + "(202, 'b', array(0.3F, -0.2F, 0.5F, 0.1F))",
        table);
    String byDistance =
        "SELECT id FROM %s ORDER BY vector_l2_distance(vec, " + QUERY + ")%s LIMIT 3";
    // The two NULL distances tie, so Spark may return them in either order.
    assertThat(explain(String.format(byDistance, table, ""))).contains("top 3 by ");
    assertThat(ids(values(String.format(byDistance, table, ""))))
        .containsExactlyInAnyOrder(200L, 201L, 202L)
        .containsExactlyInAnyOrderElementsOf(
            ids(values(String.format(byDistance, copyOf(table), ""))));
    List<Long> nearest = idsByDistance(range(0, 100));
    assertThat(ids(searchedInTheScan(table, String.format(byDistance, "%s", " NULLS LAST"), 3)))
        .containsExactly(202L, nearest.get(0), nearest.get(1));
    List<Long> farthest = new ArrayList<>(nearest);
    java.util.Collections.reverse(farthest);
    assertThat(ids(searchedInTheScan(table, String.format(byDistance, "%s", " DESC"), 3)))
        .containsExactly(farthest.get(0), farthest.get(1), farthest.get(2));
    String farthestWithNulls =
        String.format(byDistance, table, " DESC NULLS FIRST").replace("LIMIT 3", "LIMIT 4");
    assertThat(explain(farthestWithNulls)).contains("top 4 by ");
    assertThat(ids(values(farthestWithNulls)))
        .containsExactlyInAnyOrder(200L, 201L, farthest.get(0), farthest.get(1));
  }

  @Test
  void eachTaskReturnsAtMostKRows() throws Exception {
    String table = vectors("v");
    List<Map<Long, Long>> metricsPerTask = new ArrayList<>();
    SparkListener listener =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            Map<Long, Long> updates = new java.util.HashMap<>();
            for (AccumulableInfo a : ScalaCollections.list(end.taskInfo().accumulables())) {
              if (a.update().isDefined() && a.update().get() instanceof Number n) {
                updates.put(a.id(), n.longValue());
              }
            }
            synchronized (metricsPerTask) {
              metricsPerTask.add(updates);
            }
          }
        };
    spark.conf().set("spark.sql.files.maxPartitionBytes", "1");
    spark.sparkContext().addSparkListener(listener);
    Dataset<Row> nearest;
    try {
      nearest = sql("SELECT id FROM %s ORDER BY vector_l2_distance(vec, %s) LIMIT 3", table, QUERY);
      assertThat(nearest.collectAsList())
          .extracting(r -> r.getLong(0))
          .containsExactlyElementsOf(idsByDistance(range(0, 100)).subList(0, 3));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
    long outputRows = scan(nearest).metrics().get("numOutputRows").get().id();
    List<Long> rowsPerTask =
        metricsPerTask.stream()
            .filter(m -> m.containsKey(outputRows))
            .map(m -> m.get(outputRows))
            .toList();
    assertThat(rowsPerTask).as("rows each of the 4 tasks returned").hasSize(4).containsOnly(3L);
  }

  static BatchScanExec scan(Dataset<Row> df) {
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
}
