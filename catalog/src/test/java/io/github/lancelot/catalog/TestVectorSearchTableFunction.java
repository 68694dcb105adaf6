package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.testing.AcrossLines;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The table function {@code vector_search(table, column, query, k [, version [, filter [, distance
 * [, use_index]]]])}: the rows and plan of the equivalent {@code ORDER BY <function> LIMIT k}
 * query, with each row's distance as {@code _distance}, usable anywhere a table is; bad arguments
 * are refused before anything is read, naming what is at fault.
 */
@AcrossLines
class TestVectorSearchTableFunction extends CatalogTestBase {
  static final String QUERY = "array(0.3F, -0.2F, 0.5F, 0.1F)";
  static final float[] QUERY_VALUES = {0.3f, -0.2f, 0.5f, 0.1f};

  @AfterEach
  void resetSettings() {
    spark.conf().unset("spark.lancelot.vectorIndex.enabled");
  }

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

  /** Each row as a list of its values. */
  List<List<Object>> values(String query, Object... args) {
    return rows(query, args).stream()
        .map(r -> Arrays.asList(ScalaCollections.list(r.toSeq()).toArray()))
        .toList();
  }

  String explain(String query, Object... args) {
    return rows("EXPLAIN " + query, args).get(0).getString(0);
  }

  static String equivalent(String relation, String function, String order, int k) {
    return String.format(
        "SELECT *, %s(vec, %s) AS _distance FROM %s ORDER BY _distance %s LIMIT %d",
        function, QUERY, relation, order, k);
  }

  // ---- results and plan

  @Test
  void theRowsAreThoseOfTheEquivalentOrderByLimitQueryWithTheirDistanceNearestFirst() {
    String table = vectors("points");
    String search = String.format("SELECT * FROM vector_search('%s', 'vec', %s, 5)", table, QUERY);
    assertThat(columns(search)).containsExactly("id", "grp", "vec", "_distance");
    List<List<Object>> found = values(search);
    assertThat(found).hasSize(5).isEqualTo(values(equivalent(table, "vector_l2_distance", "", 5)));
    List<Float> distances = found.stream().map(r -> (Float) r.get(3)).toList();
    assertThat(distances).isSorted();
    assertThat(explain(search)).contains("top 5 by vector_l2_distance(vec, [0.3, -0.2, 0.5, 0.1])");
  }

  @Test
  void theDistanceOfEachRowIsWhatTheVectorFunctionReturnsForIt() {
    String table = vectors("distances");
    for (Row r :
        rows("SELECT id, _distance FROM vector_search('%s', 'vec', %s, 10)", table, QUERY)) {
      Row direct =
          rows(
                  "SELECT vector_l2_distance(vec, %s) FROM %s WHERE id = %d",
                  QUERY, table, r.getLong(0))
              .get(0);
      assertThat(r.getFloat(1)).isEqualTo(direct.getFloat(0));
    }
  }

  @Test
  void eachDistanceRanksRowsByItsFunctionInTheOrderThatPutsTheNearestFirst() {
    String table = vectors("measures");
    Map<String, String> functions =
        Map.of(
            "l2", "vector_l2_distance ASC",
            "COSINE", "vector_cosine_distance ASC",
            "dot", "vector_inner_product DESC");
    functions.forEach(
        (distance, ordered) -> {
          String function = ordered.split(" ")[0];
          String order = ordered.split(" ")[1];
          String search =
              String.format(
                  "SELECT * FROM vector_search('%s', 'vec', %s, 7, NULL, NULL, '%s')",
                  table, QUERY, distance);
          assertThat(values(search))
              .as(distance)
              .hasSize(7)
              .isEqualTo(values(equivalent(table, function, order, 7)));
          assertThat(explain(search)).contains("top 7 by " + function + "(vec, ").contains(order);
        });
  }

  @Test
  void theVersionArgumentSearchesThatVersionByNumberTagOrTime() {
    String table = vectors("versions");
    long old = lanceTable("versions").latestSnapshot().version();
    Instant committed = Instant.ofEpochMilli(lanceTable("versions").latestSnapshot().timestamp());
    sql("ALTER TABLE %s CREATE TAG before_more AS OF VERSION %d", table, old);
    // Rows equal to the query: the nearest at the latest version only.
    sql("INSERT INTO %s SELECT id, 'new', %s FROM range(1000, 1003)", table, QUERY);
    List<List<Object>> atOld =
        values(equivalent(table + " VERSION AS OF " + old, "vector_l2_distance", "ASC", 5));
    assertThat(atOld).extracting(r -> r.get(1)).doesNotContain("new");
    assertThat(values("SELECT * FROM vector_search('%s', 'vec', %s, 5, %d)", table, QUERY, old))
        .isEqualTo(atOld);
    assertThat(
            values("SELECT * FROM vector_search('%s', 'vec', %s, 5, 'before_more')", table, QUERY))
        .isEqualTo(atOld);
    assertThat(
            spark
                .sql(
                    String.format(
                        "SELECT * FROM vector_search('%s', 'vec', %s, 5, :at)", table, QUERY),
                    Map.of("at", committed))
                .collectAsList()
                .stream()
                .map(r -> Arrays.asList(ScalaCollections.list(r.toSeq()).toArray()))
                .toList())
        .isEqualTo(atOld);
    assertThat(values("SELECT grp FROM vector_search('%s', 'vec', %s, 3)", table, QUERY))
        .containsOnly(List.of("new"));
  }

  @Test
  void theFilterSelectsTheRowsSearchedAsTheWhereOfTheEquivalentQuery() {
    String table = vectors("filtered");
    String search =
        String.format(
            "SELECT * FROM vector_search('%s', 'vec', %s, 6, NULL, \"grp = 'a' AND id > 10\")",
            table, QUERY);
    List<List<Object>> found = values(search);
    assertThat(found)
        .hasSize(6)
        .isEqualTo(
            values(
                "SELECT *, vector_l2_distance(vec, %s) AS _distance FROM %s "
                    + "WHERE grp = 'a' AND id > 10 ORDER BY _distance LIMIT 6",
                QUERY, table));
    assertThat(found).allSatisfy(r -> assertThat(r.get(1)).isEqualTo("a"));
    assertThat(explain(search)).contains("top 6 by vector_l2_distance");
  }

  @Test
  void argumentsMayBeGivenByNameAndTheQueryAsAParameter() {
    String table = vectors("named");
    List<List<Object>> expected = values(equivalent(table, "vector_inner_product", "DESC", 4));
    assertThat(
            values(
                "SELECT * FROM vector_search(table => '%s', column => 'vec', query => %s, k => 4, "
                    + "distance => 'dot')",
                table, QUERY))
        .isEqualTo(expected);
    assertThat(
            spark
                .sql(
                    String.format(
                        "SELECT * FROM vector_search('%s', 'vec', :q, 4, distance => 'dot')",
                        table),
                    Map.of("q", QUERY_VALUES))
                .collectAsList()
                .stream()
                .map(r -> Arrays.asList(ScalaCollections.list(r.toSeq()).toArray()))
                .toList())
        .isEqualTo(expected);
  }

  @Test
  void theResultCanBeFilteredJoinedAndViewedLikeATable() {
    String table = vectors("composed");
    List<Long> near =
        rows("SELECT id FROM vector_search('%s', 'vec', %s, 10)", table, QUERY).stream()
            .map(r -> r.getLong(0))
            .toList();
    List<Long> within =
        rows(
                "SELECT id FROM vector_search('%s', 'vec', %s, 10) WHERE _distance < 1.0",
                table, QUERY)
            .stream()
            .map(r -> r.getLong(0))
            .toList();
    assertThat(within).isNotEmpty().hasSizeLessThan(10);
    assertThat(near).containsAll(within);
    List<Row> joined =
        rows(
            "SELECT s.id, t.grp FROM vector_search('%1$s', 'vec', %2$s, 10) s "
                + "JOIN %1$s t ON s.id = t.id ORDER BY s._distance",
            table, QUERY);
    assertThat(joined).extracting(r -> r.getLong(0)).isEqualTo(near);
    sql(
        "CREATE OR REPLACE TEMPORARY VIEW nearest AS SELECT id, _distance "
            + "FROM vector_search('%s', 'vec', %s, 10)",
        table, QUERY);
    assertThat(rows("SELECT id FROM nearest ORDER BY _distance"))
        .extracting(r -> r.getLong(0))
        .isEqualTo(near);
  }

  // ---- the vector index

  @Test
  void useIndexFalseSearchesExactlyWhileTheDefaultSearchesThroughTheIndex() {
    String table = t("indexed");
    sql(
        "CREATE TABLE %s (id BIGINT, vec ARRAY<FLOAT>) "
            + "TBLPROPERTIES ('vec.arrow.fixed-size-list.size' = '32')",
        table);
    for (int f = 0; f < 2; f++) {
      sql(
          "INSERT INTO %s SELECT id, " + TestVectorIndexSql.VECTOR + " FROM range(%d, %d, 1, 1)",
          table,
          f * 2_000,
          (f + 1) * 2_000);
    }
    sql(
        "CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat WITH (partitions = 16, nprobes = 1)",
        table);
    String query = TestVectorIndexSql.queryNear(17);
    String viaIndex =
        String.format("SELECT id FROM vector_search('%s', 'vec', %s, 10)", table, query);
    String exact =
        String.format(
            "SELECT id FROM vector_search('%s', 'vec', %s, 10, use_index => false)", table, query);
    assertThat(explain(viaIndex)).contains("top 10 by ").contains("index by_vec (ivf_flat");
    assertThat(explain(exact)).contains("top 10 by ").doesNotContain("index by_vec");

    String equivalent =
        String.format(
            "SELECT id FROM %s ORDER BY vector_l2_distance(vec, %s) LIMIT 10", table, query);
    assertThat(rows(viaIndex)).isEqualTo(rows(equivalent));
    spark.conf().set("spark.lancelot.vectorIndex.enabled", "false");
    List<Row> exactly = rows(equivalent);
    spark.conf().unset("spark.lancelot.vectorIndex.enabled");
    assertThat(rows(exact)).isEqualTo(exactly);
  }

  // ---- bad arguments

  /** The statement fails naming each of {@code parts}, and the table is left as it was. */
  void refused(String name, String statement, String... parts) {
    long version = lanceTable(name).latestSnapshot().version();
    List<Row> before = rows("SELECT * FROM %s ORDER BY id", t(name));
    assertThatThrownBy(() -> spark.sql(statement).collectAsList())
        .as(statement)
        .satisfies(e -> assertThat(e.getMessage()).contains(parts));
    assertThat(lanceTable(name).latestSnapshot().version()).isEqualTo(version);
    assertThat(rows("SELECT * FROM %s ORDER BY id", t(name))).isEqualTo(before);
  }

  String search(String table, String arguments) {
    return String.format("SELECT * FROM vector_search('%s', %s)", table, arguments);
  }

  @Test
  void aMissingTableColumnOrVersionIsRefusedNamingIt() {
    String table = vectors("missing");
    refused(
        "missing",
        search(t("nope"), "'vec', " + QUERY + ", 3"),
        "Table " + t("nope") + " does not exist");
    refused(
        "missing",
        search(table, "'vector', " + QUERY + ", 3"),
        "Table " + table + " has no column 'vector' to search; its columns are id, grp, vec");
    refused(
        "missing",
        search(table, "'vec', " + QUERY + ", 3, 99"),
        // The table as VERSION AS OF names it: by name, or on Spark 3.5 by location.
        "missing has no version 99; available versions are 1 to 5");
    refused(
        "missing",
        search(table, "'vec', " + QUERY + ", 3, 'no_tag'"),
        "missing has no tag 'no_tag'");
    refused(
        "missing",
        "SELECT * FROM vector_search('lance..t', 'vec', " + QUERY + ", 3)",
        "Invalid table name 'lance..t' in vector_search");
  }

  @Test
  void aColumnThatIsNotAVectorIsRefusedNamingItAndItsType() {
    String table = vectors("plain");
    refused(
        "plain",
        search(table, "'grp', " + QUERY + ", 3"),
        "Column 'grp' of table " + table + " is not a vector column: it is STRING");
    sql("ALTER TABLE %s ADD COLUMN loose ARRAY<FLOAT>", table);
    refused(
        "plain",
        search(table, "'loose', " + QUERY + ", 3"),
        "Column 'loose' of table "
            + table
            + " is not a vector column: it is ARRAY<FLOAT> without a declared dimension");
  }

  @Test
  void aTableWithAColumnNamedDistanceIsRefusedAsTheResultWouldHaveTwo() {
    sql(
        "CREATE TABLE %s (id BIGINT, _distance FLOAT, vec ARRAY<FLOAT>) "
            + "TBLPROPERTIES ('vec.arrow.fixed-size-list.size' = '4')",
        t("scored"));
    sql("INSERT INTO %s VALUES (1, 0.5F, %s)", t("scored"), QUERY);
    refused(
        "scored",
        search(t("scored"), "'vec', " + QUERY + ", 3"),
        "Table " + t("scored") + " has a column _distance, the name of the distance a search adds");
  }

  @Test
  void aQueryVectorOfTheWrongDimensionTypeOrWithNullsIsRefused() {
    String table = vectors("queries");
    refused(
        "queries",
        search(table, "'vec', array(1.0F, 2.0F, 3.0F), 3"),
        "Invalid query vector for column 'vec' of table " + table,
        "Vectors passed to `vector_l2_distance` must have the same dimension, but got 4 and 3");
    refused(
        "queries",
        search(table, "'vec', 'fast cars', 3"),
        "Invalid query vector for column 'vec' of table " + table,
        "it is of type STRING, not ARRAY<FLOAT>");
    refused(
        "queries",
        search(table, "'vec', array(1.0F, CAST(NULL AS FLOAT), 0.0F, 0.0F), 3"),
        "Invalid query vector for column 'vec' of table " + table + ": element 2 is NULL");
  }

  @Test
  void kMustBeAPositiveConstant() {
    String table = vectors("counts");
    for (String k : List.of("0", "-2")) {
      refused(
          "counts",
          search(table, "'vec', " + QUERY + ", " + k),
          "Invalid k " + k + " for a search of table " + table);
    }
    refused(
        "counts",
        search(table, "'vec', " + QUERY + ", CAST(rand() * 10 AS INT)"),
        "Invalid call of vector_search: argument 'k' must be a constant");
    refused(
        "counts",
        search(table, "'vec', " + QUERY + ", 'ten'"),
        "Invalid call of vector_search: argument 'k' must be of type INT, not of type STRING");
  }

  @Test
  void anUnknownDistanceIsRefusedListingTheKnownOnes() {
    String table = vectors("metrics");
    refused(
        "metrics",
        search(table, "'vec', " + QUERY + ", 3, distance => 'manhattan'"),
        "Unknown distance 'manhattan' for a search of table "
            + table
            + ": expected one of l2, cosine, dot");
  }

  @Test
  void aFilterThatDoesNotParseOrNamesAMissingColumnIsRefused() {
    String table = vectors("filters");
    refused(
        "filters",
        search(table, "'vec', " + QUERY + ", 3, filter => 'grp = '"),
        "Invalid filter 'grp = ' for a search of table " + table);
    refused(
        "filters",
        search(table, "'vec', " + QUERY + ", 3, filter => \"colour = 'red'\""),
        "Invalid filter 'colour = 'red'' for a search of table " + table,
        "`colour` cannot be resolved");
  }

  @Test
  void argumentsOfWrongNumberNameOrTypeAreRefused() {
    String table = vectors("calls");
    refused(
        "calls",
        search(table, "'vec', " + QUERY),
        "Invalid call of vector_search: argument 'k' is missing or NULL; it takes (table STRING");
    refused(
        "calls",
        search(table, "'vec', " + QUERY + ", 3, NULL, NULL, 'l2', true, 'extra'"),
        "it takes at most 8 arguments, but 9 were given");
    refused(
        "calls",
        search(table, "'vec', " + QUERY + ", 3, nearest => 5"),
        "Invalid call of vector_search: it has no parameter 'nearest'");
    refused(
        "calls",
        search(table, "'vec', " + QUERY + ", 3, k => 5"),
        "argument 'k' is given more than once");
    refused(
        "calls",
        search(table, "'vec', " + QUERY + ", 3, use_index => 'no'"),
        "argument 'use_index' must be of type BOOLEAN, not of type STRING");
    refused(
        "calls",
        search(table, "'vec', " + QUERY + ", 3, 1.5D"),
        "argument 'version' must be a number, a tag name or a TIMESTAMP, not of type DOUBLE");
  }
}
