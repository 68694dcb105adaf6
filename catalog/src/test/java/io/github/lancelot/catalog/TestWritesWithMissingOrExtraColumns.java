package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.Table;
import io.github.lancelot.testing.AcrossLines;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes by name whose data lacks some of the table's columns, or has columns the table lacks: left
 * out columns get their DEFAULT or NULL, a left-out NOT NULL column without a default and unknown
 * columns are refused, naming them, before anything is written. SQL INSERT by position keeps
 * Spark's own rules.
 */
@AcrossLines
class TestWritesWithMissingOrExtraColumns extends CatalogTestBase {
  @TempDir Path paths;

  private Dataset<Row> df(String select) {
    return spark.sql("SELECT " + select);
  }

  /** A path table at version 1: (id BIGINT, author STRING, score INT) with one row. */
  private String pathQuotes() {
    String path = paths.resolve("q").toString();
    df("1L AS id, 'Rick' AS author, 5 AS score").write().format("lance").save(path);
    return path;
  }

  private Table pathTable(String path) {
    return Table.forPath(path, spark.sessionState().newHadoopConf());
  }

  /** Catalog table q at version 2: id NOT NULL, lang with a default, score nullable; one row. */
  private String catalogQuotes() {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, lang STRING DEFAULT 'en', score INT)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'fr', 5)", t("q"));
    return t("q");
  }

  @Test
  void aPathAppendThatLeavesOutNullableColumnsWritesNullInThem() {
    String path = pathQuotes();
    df("2L AS id").write().format("lance").mode("append").save(path);

    assertThat(spark.read().format("lance").load(path).orderBy("id").collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick", 5), RowFactory.create(2L, null, null));
    assertThat(pathTable(path).versions()).containsExactly(1L, 2L);
  }

  @Test
  void aCatalogAppendThatLeavesOutColumnsWritesTheirDefaultOrNull() throws Exception {
    String table = catalogQuotes();
    df("2L AS id").writeTo(table).append();
    df("3L AS id").write().mode("append").saveAsTable(table);

    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "fr", 5),
            RowFactory.create(2L, "en", null),
            RowFactory.create(3L, "en", null));
  }

  @Test
  void anAppendThatLeavesOutANotNullColumnWithoutDefaultIsRefusedNamingIt() {
    String table = catalogQuotes();
    assertThatThrownBy(() -> df("'de' AS lang").writeTo(table).append())
        .hasMessageContaining("db`.`q")
        .hasMessageContaining("`id`");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create(1L, "fr", 5));
  }

  @Test
  void aPathAppendWithColumnsTheTableLacksIsRefusedNamingThemAndMergeSchema() {
    String path = pathQuotes();
    assertThatThrownBy(
            () ->
                df("2L AS id, 'Morty' AS author, 7 AS score, 'earth' AS planet, 1 AS season")
                    .write()
                    .format("lance")
                    .mode("append")
                    .save(path))
        .hasMessageContaining("Cannot write to table " + pathTable(path).location())
        .hasMessageContaining("the data has columns the table does not have: `planet`, `season`")
        .hasMessageContaining("mergeSchema=true");
    assertThat(pathTable(path).versions()).containsExactly(1L);
    assertThat(spark.read().format("lance").load(path).collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick", 5));
  }

  @Test
  void aCatalogAppendWithColumnsTheTableLacksIsRefusedNamingThem() {
    String table = catalogQuotes();
    assertThatThrownBy(() -> df("2L AS id, 'Morty' AS author").writeTo(table).append())
        .hasMessageContaining("Cannot write to table " + table)
        .hasMessageContaining("`author`")
        .hasMessageContaining("mergeSchema=true");
    assertThatThrownBy(
            () -> sql("INSERT INTO %s BY NAME SELECT 2L AS id, 'Morty' AS author", table))
        .hasMessageContaining("`author`");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create(1L, "fr", 5));
  }

  @Test
  void sqlInsertByPositionKeepsSparksArityAndCastErrors() {
    String table = catalogQuotes();
    assertThatThrownBy(() -> sql("INSERT INTO %s SELECT 2, 'de', 7, 'extra'", table))
        .hasMessageContaining("TOO_MANY_DATA_COLUMNS")
        .hasMessageContaining("db`.`q");
    assertThatThrownBy(() -> sql("INSERT INTO %s SELECT 2, 'de', array(7)", table))
        .hasMessageContaining("score");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create(1L, "fr", 5));
  }
}
