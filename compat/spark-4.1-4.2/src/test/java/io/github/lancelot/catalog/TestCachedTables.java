package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cached Lance tables on Spark 4.1 and later, where a table reports its version and identity:
 * {@code CACHE TABLE} serves later queries of the table from the cache, a write through the catalog
 * refreshes the cache, and a write through another path shows after {@code REFRESH TABLE}.
 */
@AcrossLines
class TestCachedTables extends CatalogTestBase {
  private String table;

  @BeforeEach
  void events() {
    table = t("events");
    sql("CREATE TABLE %s (id BIGINT)", table);
    sql("INSERT INTO %s VALUES (1), (2)", table);
    sql("CACHE TABLE %s", table);
  }

  private List<Long> ids() {
    return ids(sql("SELECT id FROM %s ORDER BY id", table));
  }

  private static List<Long> ids(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(r -> r.getLong(0)).toList();
  }

  private boolean readFromCache() {
    return sql("SELECT id FROM %s", table)
        .queryExecution()
        .withCachedData()
        .toString()
        .contains("InMemoryRelation");
  }

  private void appendThroughThePath(long id) {
    String location = warehouse.resolve("db").resolve("events").toUri().toString();
    spark.range(id, id + 1).write().format("lance").mode("append").save(location);
  }

  @Test
  void queriesOfACachedTableReadTheCache() {
    assertThat(readFromCache()).isTrue();
    assertThat(ids()).containsExactly(1L, 2L);
    sql("UNCACHE TABLE %s", table);
    assertThat(readFromCache()).isFalse();
  }

  @Test
  void aWriteThroughTheCatalogRefreshesTheCache() {
    sql("INSERT INTO %s VALUES (3)", table);
    assertThat(readFromCache()).isTrue();
    assertThat(ids()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aWriteThroughAnotherPathShowsAfterRefreshTable() {
    appendThroughThePath(3);
    assertThat(ids()).containsExactly(1L, 2L);
    sql("REFRESH TABLE %s", table);
    assertThat(readFromCache()).isTrue();
    assertThat(ids()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aQueryDefinedBeforeAWriteReadsTheLatestVersionWhenRun() {
    sql("UNCACHE TABLE %s", table);
    Dataset<Row> defined = sql("SELECT id FROM %s ORDER BY id", table);
    appendThroughThePath(3);
    assertThat(ids(defined)).containsExactly(1L, 2L, 3L);
  }
}
