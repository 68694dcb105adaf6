package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code INSERT WITH SCHEMA EVOLUTION} (Spark 4.2): the query's columns the table lacks are added
 * first, as a metadata-only version, and the insert then writes them. Older versions still read
 * without them.
 */
@AcrossLines
class TestInsertWithSchemaEvolution extends CatalogTestBase {
  private String table;

  @BeforeEach
  void players() {
    table = t("players");
    sql("CREATE TABLE %s (id BIGINT, name STRING)", table);
    sql("INSERT INTO %s VALUES (1, 'a')", table);
  }

  @Test
  void theQuerysNewColumnsAreAddedAndWritten() {
    long before = lanceTable("players").latestSnapshot().version();
    sql(
        "INSERT WITH SCHEMA EVOLUTION INTO %s BY NAME "
            + "SELECT 2L AS id, 'b' AS name, 20 AS score",
        table);
    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "name", "score");
    assertThat(rows("SELECT id, name, score FROM %s ORDER BY id", table))
        .containsExactly(RowFactory.create(1L, "a", null), RowFactory.create(2L, "b", 20));
    assertThat(lanceTable("players").history())
        .extracting(c -> c.operation())
        .startsWith("APPEND", "ADD COLUMNS", "APPEND");
    String older = "SELECT * FROM " + table + " VERSION AS OF " + before;
    assertThat(columns(older)).containsExactly("id", "name");
    assertThat(rows("%s", older)).containsExactly(RowFactory.create(1L, "a"));
  }

  @Test
  void byPositionTheExtraColumnsAreAddedAfterTheTablesOwn() {
    sql("INSERT WITH SCHEMA EVOLUTION INTO %s SELECT 2L, 'b', 20 AS score", table);
    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "name", "score");
    assertThat(rows("SELECT score FROM %s WHERE id = 2", table))
        .containsExactly(RowFactory.create(20));
  }

  @Test
  void withoutSchemaEvolutionAnExtraColumnIsAnError() {
    assertThatThrownBy(
            () -> sql("INSERT INTO %s BY NAME SELECT 2L AS id, 'b' AS name, 20 AS score", table))
        .hasMessageContaining("score");
    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "name");
  }
}
