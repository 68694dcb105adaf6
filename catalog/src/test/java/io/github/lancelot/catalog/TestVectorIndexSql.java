package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.index.VectorIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Versioned vector indexes in SQL: {@code CREATE VECTOR INDEX} builds one in Spark tasks as a new
 * version, a nearest-neighbour search at a version that lists it reads the covered fragments
 * through it (and everything else exactly), and restore, clones and VACUUM treat index files as
 * part of the versions that list them.
 */
class TestVectorIndexSql extends CatalogTestBase {
  static final int DIMENSION = 32;
  static final int CLUSTERS = 40;

  /** A vector of cluster {@code id % 40} plus noise, as a SQL expression of {@code id}. */
  static final String VECTOR =
      "transform(sequence(0, 31), d -> CAST(sin((id %% 40) * 7.13 + d * 1.31) "
          + "+ 0.25 * sin(id * 12.9898 + d * 78.233) AS FLOAT))";

  @AfterEach
  void resetSettings() {
    spark.conf().unset("spark.lancelot.vectorIndex.enabled");
    spark.conf().unset("spark.lancelot.cleanup.retentionCheck.enabled");
  }

  /** {@code db.<name>}: {@code rows} clustered 32-float vectors in {@code fragments} fragments. */
  String clustered(String name, int rows, int fragments) {
    sql(
        "CREATE TABLE %s (id BIGINT, label STRING, vec ARRAY<FLOAT>) "
            + "TBLPROPERTIES ('vec.arrow.fixed-size-list.size' = '32')",
        t(name));
    int per = rows / fragments;
    for (int f = 0; f < fragments; f++) {
      append(name, (long) f * per, (long) (f + 1) * per);
    }
    return t(name);
  }

  void append(String name, long from, long to) {
    sql(
        "INSERT INTO %s SELECT id, CONCAT('row ', id), " + VECTOR + " FROM range(%d, %d, 1, 1)",
        t(name),
        from,
        to);
  }

  /** The vector of row {@code id} shifted a little, as a SQL constant: a query near that row. */
  static String queryNear(long id) {
    StringBuilder sb = new StringBuilder("array(");
    for (int d = 0; d < DIMENSION; d++) {
      double v =
          Math.sin((id % CLUSTERS) * 7.13 + d * 1.31)
              + 0.25 * Math.sin(id * 12.9898 + d * 78.233)
              + 0.05 * Math.cos(d * 3.7 + id);
      sb.append(d == 0 ? "" : ", ").append((float) v).append('F');
    }
    return sb.append(')').toString();
  }

  static String nearest(String relation, String query, int k) {
    return String.format(
        "SELECT id FROM %s ORDER BY vector_l2_distance(vec, %s) LIMIT %d", relation, query, k);
  }

  List<Long> ids(String query) {
    return spark.sql(query).collectAsList().stream().map(r -> r.getLong(0)).toList();
  }

  List<Long> exactIds(String query) {
    spark.conf().set("spark.lancelot.vectorIndex.enabled", "false");
    try {
      assertThat(explain(query)).doesNotContain("index ");
      return ids(query);
    } finally {
      spark.conf().unset("spark.lancelot.vectorIndex.enabled");
    }
  }

  String explain(String query) {
    return spark.sql("EXPLAIN " + query).collectAsList().get(0).getString(0);
  }

  static double overlap(List<Long> found, List<Long> exact) {
    Set<Long> both = new HashSet<>(found);
    both.retainAll(exact);
    return (double) both.size() / exact.size();
  }

  List<Path> indexFiles(String name) throws IOException {
    Path dir = warehouse.resolve("db").resolve(name).resolve("_indexes");
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".crc"))
          .toList();
    }
  }

  // ---- building and using an index

  @Test
  void anIndexFindsNearlyTheSameTopTenAsExactSearchReadingAFractionOfTheVectors() {
    String table = clustered("points", 20_000, 4);
    Row created =
        rows(
                "CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat WITH (partitions = 64, "
                    + "nprobes = 8)",
                table)
            .get(0);
    assertThat(created.getString(0)).isEqualTo("by_vec");
    assertThat(created.getLong(5)).isEqualTo(4);
    double recall = 0;
    int queries = 20;
    for (int q = 0; q < queries; q++) {
      String query = nearest(table, queryNear(q * 997L), 10);
      assertThat(explain(query))
          .contains(
              "index by_vec (ivf_flat, metric l2, nprobes 8) on 4 fragments, 0 searched exactly");
      List<Long> found = ids(query);
      assertThat(found).hasSize(10);
      recall += overlap(found, exactIds(query));
    }
    assertThat(recall / queries).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void rowsFoundThroughTheIndexHoldEveryColumnAsStored() {
    String table = clustered("columns", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat WITH (partitions = 16)", table);
    sql("DELETE FROM %s WHERE id %% 10 = 0", table);
    String query =
        String.format(
            "SELECT label, _row_offset, vec, id, _fragment_id, vector_l2_distance(vec, %s) AS d "
                + "FROM %s ORDER BY d LIMIT 7",
            queryNear(17), table);
    spark.conf().set("spark.lancelot.vectorIndex.nprobes", "16");
    try {
      assertThat(explain(query)).contains("index by_vec (ivf_flat, metric l2, nprobes 16)");
      List<Row> viaIndex = spark.sql(query).collectAsList();
      spark.conf().set("spark.lancelot.vectorIndex.enabled", "false");
      assertThat(viaIndex).hasSize(7).isEqualTo(spark.sql(query).collectAsList());
    } finally {
      spark.conf().unset("spark.lancelot.vectorIndex.nprobes");
    }
  }

  @Test
  void theIndexIsUsedAtTheVersionsThatListItAndNotBefore() {
    String table = clustered("versions", 4_000, 2);
    long before = lanceTable("versions").latestSnapshot().version();
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    long created = lanceTable("versions").latestSnapshot().version();
    assertThat(created).isEqualTo(before + 1);
    assertThat(lanceTable("versions").latestSnapshot().commitInfo().operation())
        .isEqualTo("CREATE INDEX");
    String q = queryNear(7);
    assertThat(explain(nearest(table + " VERSION AS OF " + before, q, 5))).doesNotContain("index ");
    assertThat(explain(nearest(table + " VERSION AS OF " + created, q, 5)))
        .contains("index by_vec");
    Row listed = rows("SELECT * FROM %s.indexes", table).get(0);
    assertThat(listed.getString(0)).isEqualTo("by_vec");
    assertThat(listed.getString(1)).isEqualTo("vec");
    assertThat(listed.getString(2)).isEqualTo("ivf_flat");
    assertThat(listed.<String, String>getJavaMap(3)).containsEntry("metric", "l2");
    assertThat(listed.getLong(4)).isEqualTo(created);
    assertThat(listed.getLong(5)).isEqualTo(2);
    assertThat(listed.getLong(6)).isZero();
    assertThat(
            rows("SELECT * FROM %s.history WHERE version = %d", table, created).get(0).getString(2))
        .isEqualTo("CREATE INDEX");
  }

  @Test
  void fragmentsAddedAfterTheIndexAreSearchedExactly() {
    String table = clustered("appended", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat WITH (nprobes = 1)", table);
    // Rows equal to the query, far from every cluster centre, in a new fragment.
    String far = "array_repeat(CAST(9.0 AS FLOAT), 32)";
    sql("INSERT INTO %s SELECT id, 'far', %s FROM range(100000, 100003, 1, 1)", table, far);
    String query = nearest(table, far, 3);
    assertThat(explain(query)).contains("on 2 fragments, 1 searched exactly");
    assertThat(ids(query)).containsExactlyInAnyOrder(100000L, 100001L, 100002L);
  }

  @Test
  void deletedRowsAreNeverReturnedThroughTheIndex() {
    String table = clustered("deletes", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    String query = nearest(table, queryNear(11), 10);
    List<Long> first = ids(query);
    sql(
        "DELETE FROM %s WHERE id IN (%s)",
        table, String.join(", ", first.stream().map(String::valueOf).toList()));
    assertThat(explain(query)).contains("index by_vec").contains("on 2 fragments");
    List<Long> after = ids(query);
    assertThat(after).hasSize(10).doesNotContainAnyElementsOf(first);
    assertThat(overlap(after, exactIds(query))).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void updatedRowsAreFoundWithTheirNewVectorsAndNeverWithTheirOldOnes() {
    String table = clustered("updates", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    String oldQuery = queryNear(5);
    List<Long> near = ids(nearest(table, oldQuery, 5));
    String far = "array_repeat(CAST(-7.5 AS FLOAT), 32)";
    sql(
        "UPDATE %s SET vec = %s WHERE id IN (%s)",
        table, far, String.join(", ", near.stream().map(String::valueOf).toList()));
    assertThat(ids(nearest(table, far, 5))).containsExactlyInAnyOrderElementsOf(near);
    assertThat(ids(nearest(table, oldQuery, 10))).doesNotContainAnyElementsOf(near);
    assertThat(explain(nearest(table, far, 5)))
        .containsPattern("on 2 fragments, [1-9][0-9]* searched exactly");
  }

  @Test
  void aSearchWithAConditionIsExactAndReturnsOnlyMatchingRows() {
    String table = clustered("filtered", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat WITH (nprobes = 1)", table);
    String query =
        String.format(
            "SELECT id FROM %s WHERE label LIKE 'row 3%%' "
                + "ORDER BY vector_l2_distance(vec, %s) LIMIT 10",
            table, queryNear(9));
    assertThat(explain(query)).contains("top 10 by").doesNotContain("index by_vec");
    List<Long> found = ids(query);
    assertThat(found).hasSize(10).allSatisfy(id -> assertThat(id.toString()).startsWith("3"));
    assertThat(found).isEqualTo(exactIds(query));
  }

  @Test
  void compactedFragmentsAreNoLongerCoveredAndAreSearchedExactly() {
    String table = clustered("compacted", 4_000, 4);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    sql("DELETE FROM %s WHERE id < 10", table);
    sql("OPTIMIZE %s", table);
    String query = nearest(table, queryNear(3), 10);
    assertThat(explain(query)).doesNotContain("index by_vec");
    assertThat(rows("SELECT fragments_covered FROM %s.indexes", table).get(0).getLong(0)).isZero();
    assertThat(ids(query)).isEqualTo(exactIds(query));
  }

  @Test
  void restoreBringsBackTheIndexOfTheRestoredVersion() {
    String table = clustered("restored", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    long indexed = lanceTable("restored").latestSnapshot().version();
    sql("DROP VECTOR INDEX by_vec ON %s", table);
    sql("OPTIMIZE %s", table);
    assertThat(rows("SELECT * FROM %s.indexes", table)).isEmpty();
    sql("RESTORE TABLE %s TO VERSION AS OF %d", table, indexed);
    String query = nearest(table, queryNear(21), 10);
    assertThat(explain(query))
        .contains("index by_vec")
        .contains("on 2 fragments, 0 searched exactly");
    assertThat(rows("SELECT name, fragments_covered FROM %s.indexes", table).get(0).getLong(1))
        .isEqualTo(2);
    assertThat(overlap(ids(query), exactIds(query))).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void vacuumKeepsIndexFilesThatKeptVersionsOrTagsListAndDeletesTheOthers() throws IOException {
    String table = clustered("vacuumed", 2_000, 2);
    sql("ALTER TABLE %s SET TBLPROPERTIES ('cleanup.retention-threshold-hours' = '0')", table);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    long indexed = lanceTable("vacuumed").latestSnapshot().version();
    List<Path> files = indexFiles("vacuumed");
    assertThat(files).hasSize(3);
    sql("ALTER TABLE %s CREATE TAG with_index AS OF VERSION %d", table, indexed);
    sql("DROP VECTOR INDEX by_vec ON %s", table);
    spark.conf().set("spark.lancelot.cleanup.retentionCheck.enabled", "false");
    sql("VACUUM %s RETAIN 0 HOURS", table);
    assertThat(indexFiles("vacuumed")).containsExactlyInAnyOrderElementsOf(files);
    assertThat(explain(nearest(table + " VERSION AS OF 'with_index'", queryNear(1), 3)))
        .contains("index by_vec");
    sql("ALTER TABLE %s DROP TAG with_index", table);
    sql("VACUUM %s RETAIN 0 HOURS", table);
    assertThat(indexFiles("vacuumed")).isEmpty();
    assertThat(warehouse.resolve("db/vacuumed/_indexes")).isEmptyDirectory();
  }

  @Test
  void aShallowCloneSharesTheIndexFilesOfTheVersionItWasClonedFrom() throws IOException {
    String table = clustered("source", 4_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    sql("CREATE TABLE %s SHALLOW CLONE %s", t("copy"), table);
    String query = nearest(t("copy"), queryNear(33), 10);
    assertThat(explain(query)).contains("index by_vec").contains("on 2 fragments");
    assertThat(ids(query)).isEqualTo(ids(nearest(table, queryNear(33), 10)));
    assertThat(indexFiles("copy")).isEmpty();
    Snapshot clone = lanceTable("copy").latestSnapshot();
    assertThat(clone.indexes().get(0).paths())
        .allSatisfy(p -> assertThat(p).contains("/db/source/_indexes/"));
    spark.conf().set("spark.lancelot.cleanup.retentionCheck.enabled", "false");
    sql("DROP VECTOR INDEX by_vec ON %s", table);
    sql("VACUUM %s RETAIN 0 HOURS", table);
    assertThat(indexFiles("source")).hasSize(3);
    assertThat(explain(query)).contains("index by_vec");
  }

  @Test
  void anIndexOfAKindThisReleaseDoesNotKnowIsSkippedAndTheSearchIsExact() {
    String table = clustered("unknown", 2_000, 2);
    Table lance = lanceTable("unknown");
    Snapshot latest = lance.latestSnapshot();
    int fieldId = latest.schema().column("vec").orElseThrow().id();
    lance
        .newTransaction(latest, "CREATE INDEX")
        .addIndex(
            new VectorIndex(
                "7d4b3e38-0b4e-4d7c-9f5e-2a3c1f7e9b10",
                "from_the_future",
                fieldId,
                "graph_v9",
                3,
                Map.of("metric", "l2"),
                0,
                List.of(new VectorIndex.IndexFile("_indexes/future/graph.bin", 10)),
                List.of()))
        .commit();
    String query = nearest(table, queryNear(2), 10);
    assertThat(explain(query)).doesNotContain("index ");
    assertThat(ids(query)).isEqualTo(exactIds(query));
    assertThat(rows("SELECT name, kind FROM %s.indexes", table).get(0).getString(1))
        .isEqualTo("graph_v9");
  }

  // ---- bad input

  @Test
  void badIndexDefinitionsAreRefusedNamingWhatIsWrongAndLeaveTheTableUnchanged() {
    String table = clustered("refused", 2_000, 2);
    sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table);
    long version = lanceTable("refused").latestSnapshot().version();
    long rowCount = rows("SELECT count(*) FROM %s", table).get(0).getLong(0);
    assertThatThrownBy(
            () -> sql("CREATE VECTOR INDEX by_label ON %s (label) USING ivf_flat", table))
        .hasMessageContaining("Cannot index column 'label'")
        .hasMessageContaining("db/refused");
    assertThatThrownBy(() -> sql("CREATE VECTOR INDEX by_vec ON %s (vec) USING ivf_flat", table))
        .hasMessageContaining("already has a vector index named 'by_vec'")
        .hasMessageContaining("db/refused");
    assertThatThrownBy(() -> sql("CREATE VECTOR INDEX other ON %s (vec) USING hnsw", table))
        .hasMessageContaining("Unknown vector index kind 'hnsw'")
        .hasMessageContaining("db/refused")
        .hasMessageContaining("ivf_flat");
    assertThatThrownBy(
            () ->
                sql(
                    "CREATE VECTOR INDEX other ON %s (vec) USING ivf_flat WITH (nprobes = 0)",
                    table))
        .hasMessageContaining("Invalid option nprobes = '0' of vector index 'other'")
        .hasMessageContaining("db/refused");
    assertThatThrownBy(
            () ->
                sql("CREATE VECTOR INDEX other ON %s (vec) USING ivf_flat WITH (depth = 3)", table))
        .hasMessageContaining("Invalid option depth of vector index 'other'")
        .hasMessageContaining("refused");
    assertThatThrownBy(() -> sql("DROP VECTOR INDEX missing ON %s", table))
        .hasMessageContaining("has no vector index named 'missing'")
        .hasMessageContaining("db/refused")
        .hasMessageContaining("by_vec");
    sql("DROP VECTOR INDEX IF EXISTS missing ON %s", table);
    assertThat(lanceTable("refused").latestSnapshot().version()).isEqualTo(version);
    assertThat(rows("SELECT count(*) FROM %s", table).get(0).getLong(0)).isEqualTo(rowCount);
    assertThat(rows("SELECT name FROM %s.indexes", table)).hasSize(1);
  }

  @Test
  void theProceduresBuildAndDropIndexesByName() {
    String table = clustered("called", 2_000, 2);
    Row built =
        rows(
                "CALL %s.system.create_vector_index(table => 'db.called', name => 'by_angle', "
                    + "column => 'vec', metric => 'cosine', partitions => 16)",
                catalog)
            .get(0);
    assertThat(built.<String, String>getJavaMap(3))
        .containsEntry("metric", "cosine")
        .containsEntry("partitions", "16")
        .containsEntry("nprobes", "2");
    String cosine =
        String.format(
            "SELECT id FROM %s ORDER BY vector_cosine_similarity(vec, %s) DESC LIMIT 10",
            table, queryNear(8));
    assertThat(explain(cosine)).contains("index by_angle (ivf_flat, metric cosine, nprobes 2)");
    assertThat(explain(nearest(table, queryNear(8), 10))).doesNotContain("index ");
    Row dropped =
        rows("CALL %s.system.drop_vector_index(table => 'db.called', name => 'by_angle')", catalog)
            .get(0);
    assertThat(dropped.getBoolean(1)).isTrue();
    assertThat(explain(cosine)).doesNotContain("index ");
  }
}
