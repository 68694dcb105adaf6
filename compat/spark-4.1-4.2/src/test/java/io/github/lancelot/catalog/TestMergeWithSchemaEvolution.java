package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code MERGE WITH SCHEMA EVOLUTION} (Spark 4.1 and later): the source's columns the table lacks
 * are added first, as a metadata-only version, and the merge then writes them. Older versions still
 * read without them.
 */
@AcrossLines
class TestMergeWithSchemaEvolution extends CatalogTestBase {
  private String table;

  @BeforeEach
  void players() {
    table = t("players");
    sql("CREATE TABLE %s (id BIGINT, name STRING)", table);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b')", table);
    spark
        .sql("SELECT * FROM VALUES (2L, 'B', 20), (3L, 'c', 30) AS s(id, name, score)")
        .createOrReplaceTempView("scores");
  }

  @Test
  void theSourcesNewColumnsAreAddedAndWritten() {
    long before = lanceTable("players").latestSnapshot().version();
    sql(
        "MERGE WITH SCHEMA EVOLUTION INTO %s t USING scores s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
        table);
    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "name", "score");
    assertThat(rows("SELECT id, name, score FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "a", null),
            RowFactory.create(2L, "B", 20),
            RowFactory.create(3L, "c", 30));
    assertThat(lanceTable("players").history())
        .extracting(c -> c.operation())
        .startsWith("MERGE", "ADD COLUMNS", "APPEND");
    String older = "SELECT * FROM " + table + " VERSION AS OF " + before;
    assertThat(columns(older)).containsExactly("id", "name");
    assertThat(rows("%s ORDER BY id", older))
        .containsExactly(RowFactory.create(1L, "a"), RowFactory.create(2L, "b"));
  }

  @Test
  void withoutSchemaEvolutionTheTableKeepsItsColumns() {
    sql(
        "MERGE INTO %s t USING scores s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
        table);
    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "name");
    List<Row> rows = rows("SELECT id, name FROM %s ORDER BY id", table);
    assertThat(rows)
        .containsExactly(
            RowFactory.create(1L, "a"), RowFactory.create(2L, "B"), RowFactory.create(3L, "c"));
  }
}
