package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The versioning walkthrough, statement by statement, on whichever Spark line runs the tests: each
 * statement is one version, and every version reads back exactly as it was when it was written;
 * then the quote closest to "pickle" with each model, at the version that has its vectors. The
 * embeddings are small fixed vectors standing in for a model's.
 */
@AcrossLines
class TestWalkthroughSql extends CatalogTestBase {
  private final List<List<String>> written = new ArrayList<>();

  /** The walkthrough's nine statements, each remembered with the rows right after it. */
  private String walkThrough() {
    String quotes = t("quotes");
    step(
        "CREATE TABLE %s AS SELECT CAST(id AS BIGINT) AS id, author, quote FROM VALUES "
            + "(1, 'Richard', 'Wubba Lubba Dub Dub!'), (2, 'Morty', \"Rick, what's going on?\"), "
            + "(3, 'Richard', 'I turned myself into a pickle, Morty!') AS t(id, author, quote)",
        quotes);
    step("UPDATE %s SET author = 'Richard Daniel Sanchez' WHERE author = 'Richard'", quotes);
    step(
        "INSERT INTO %s VALUES (4, 'Richard Daniel Sanchez', \"That's the way the news goes!\"), "
            + "(5, 'Morty', 'Aww geez, Rick!')",
        quotes);
    step("ALTER TABLE %s ADD COLUMN vector_minilm VECTOR(3) COMMENT 'first model'", quotes);
    sql(
        "CREATE OR REPLACE TEMPORARY VIEW minilm AS SELECT id, "
            + "array(CAST(id AS FLOAT), 0.5f, -1.0f) AS vector FROM range(1, 6)");
    step(
        "MERGE INTO %s t USING minilm s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET t.vector_minilm = s.vector "
            + "WHEN NOT MATCHED THEN INSERT (id, vector_minilm) VALUES (s.id, s.vector)",
        quotes);
    step("RESTORE TABLE %s TO VERSION AS OF 3", quotes);
    step("ALTER TABLE %s ADD COLUMN vector_bge VECTOR(3) COMMENT 'second model'", quotes);
    sql(
        "CREATE OR REPLACE TEMPORARY VIEW bge AS SELECT id, "
            + "array(0.25f, CAST(id AS FLOAT) / 2, 1.0f) AS vector FROM range(1, 6)");
    step(
        "MERGE INTO %s t USING bge s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET t.vector_bge = s.vector "
            + "WHEN NOT MATCHED THEN INSERT (id, vector_bge) VALUES (s.id, s.vector)",
        quotes);
    step("DELETE FROM %s WHERE author != 'Richard Daniel Sanchez'", quotes);
    return quotes;
  }

  @Test
  void everyStepIsAVersionAndEveryVersionReadsBackExactly() {
    String quotes = walkThrough();
    assertThat(rows("SELECT version FROM %s.history ORDER BY version", quotes))
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    for (int version = 1; version <= written.size(); version++) {
      assertThat(read("%s VERSION AS OF %d", quotes, version))
          .as("version %d", version)
          .isEqualTo(written.get(version - 1));
    }
    assertThat(written.get(5)).as("the restore equals version 3").isEqualTo(written.get(2));
    assertThat(written.get(4))
        .contains(
            "{\"id\":3,\"author\":\"Richard Daniel Sanchez\","
                + "\"quote\":\"I turned myself into a pickle, Morty!\","
                + "\"vector_minilm\":[3.0,0.5,-1.0]}");
    assertThat(written.get(8))
        .containsExactly(
            "{\"id\":1,\"author\":\"Richard Daniel Sanchez\",\"quote\":\"Wubba Lubba Dub Dub!\","
                + "\"vector_bge\":[0.25,0.5,1.0]}",
            "{\"id\":3,\"author\":\"Richard Daniel Sanchez\","
                + "\"quote\":\"I turned myself into a pickle, Morty!\","
                + "\"vector_bge\":[0.25,1.5,1.0]}",
            "{\"id\":4,\"author\":\"Richard Daniel Sanchez\","
                + "\"quote\":\"That's the way the news goes!\",\"vector_bge\":[0.25,2.0,1.0]}");
  }

  @Test
  void theQuoteClosestToPickleIsFoundWithEachModelAtItsVersion() {
    String quotes = walkThrough();
    String minilm =
        String.format(
            "SELECT id, quote FROM %s VERSION AS OF 5 "
                + "ORDER BY vector_cosine_similarity(vector_minilm, array(3.0F, 0.5F, -1.0F)) DESC "
                + "LIMIT 1",
            quotes);
    assertThat(rows(minilm))
        .extracting(r -> r.getLong(0) + ": " + r.getString(1))
        .containsExactly("3: I turned myself into a pickle, Morty!");
    String bge =
        String.format(
            "SELECT id FROM %s VERSION AS OF 8 "
                + "ORDER BY vector_l2_distance(vector_bge, array(0.25F, 1.4F, 1.0F)) LIMIT 2",
            quotes);
    assertThat(rows(bge)).extracting(r -> r.getLong(0)).containsExactly(3L, 2L);
    assertThat(rows("EXPLAIN " + bge).get(0).getString(0))
        .contains("top 2 by vector_l2_distance(vector_bge, [0.25, 1.4, 1.0])");
  }

  /** Runs one statement and remembers the table's rows right after it. */
  private void step(String statement, String table) {
    sql(statement, table);
    written.add(read("%s", table));
  }

  private List<String> read(String format, Object... args) {
    return rows("SELECT to_json(struct(*)) FROM " + format + " ORDER BY id", args).stream()
        .map((Row r) -> r.getString(0))
        .toList();
  }
}
