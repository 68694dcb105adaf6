package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Caches over a Lance table never serve data older than the table's latest version: after every
 * kind of change made through this session, a cached table, a cached view over a query of it and a
 * DataFrame defined before the change all read the new data, as with Delta Lake and Iceberg; a
 * time-travel read is never served from a cache of the latest version.
 */
@AcrossLines
class TestCacheRefresh extends CatalogTestBase {
  private String table;

  @BeforeEach
  void cachedTableAndView() {
    table = t("events");
    sql("CREATE TABLE %s (id BIGINT, kind STRING)", table);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'a')", table);
    sql("CACHE TABLE %s", table);
    sql("CREATE OR REPLACE TEMPORARY VIEW kind_a AS SELECT id FROM %s WHERE kind = 'a'", table);
    sql("CACHE TABLE kind_a");
  }

  @AfterEach
  void uncache() {
    spark.catalog().clearCache();
  }

  private List<Long> ids(String query) {
    return ids(sql(query));
  }

  private static List<Long> ids(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(r -> r.getLong(0)).sorted().toList();
  }

  private List<Long> all() {
    return ids("SELECT id FROM " + table);
  }

  private List<Long> kindA() {
    return ids("SELECT id FROM kind_a");
  }

  private boolean servedFromCache(String query) {
    return sql(query).queryExecution().withCachedData().toString().contains("InMemoryRelation");
  }

  @Test
  void theCacheServesLaterQueriesUntilAChangeRefreshesIt() {
    assertThat(servedFromCache("SELECT id FROM " + table)).isTrue();
    assertThat(servedFromCache("SELECT id FROM kind_a")).isTrue();
    assertThat(all()).containsExactly(1L, 2L, 3L);
    assertThat(kindA()).containsExactly(1L, 3L);
  }

  @Test
  void everyKindOfChangeRefreshesTheCachedTableAndView() {
    sql("INSERT INTO %s VALUES (4, 'a')", table);
    assertThat(all()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(kindA()).containsExactly(1L, 3L, 4L);

    sql("DELETE FROM %s WHERE id = 1", table);
    assertThat(all()).containsExactly(2L, 3L, 4L);
    assertThat(kindA()).containsExactly(3L, 4L);

    sql("UPDATE %s SET kind = 'a' WHERE id = 2", table);
    assertThat(kindA()).containsExactly(2L, 3L, 4L);

    sql(
        "MERGE INTO %s t USING (SELECT 5L AS id, 'a' AS kind) s ON t.id = s.id "
            + "WHEN NOT MATCHED THEN INSERT *",
        table);
    assertThat(kindA()).containsExactly(2L, 3L, 4L, 5L);

    sql("RESTORE TABLE %s TO VERSION AS OF 2", table);
    assertThat(all()).containsExactly(1L, 2L, 3L);
    assertThat(kindA()).containsExactly(1L, 3L);

    sql("ALTER TABLE %s ADD COLUMN score DOUBLE", table);
    sql("INSERT INTO %s VALUES (6, 'a', 1.5)", table);
    assertThat(kindA()).containsExactly(1L, 3L, 6L);
    assertThat(all()).containsExactly(1L, 2L, 3L, 6L);
  }

  @Test
  void aDataFrameDefinedBeforeAChangeReadsTheNewDataUnlessPinnedByTimeTravel() {
    Dataset<Row> latest = spark.table(table).where("kind = 'a'").select("id");
    Dataset<Row> pinned = sql("SELECT id FROM %s VERSION AS OF 2 WHERE kind = 'a'", table);
    latest.createOrReplaceTempView("latest_a");
    sql("CACHE TABLE latest_a");
    assertThat(ids("SELECT id FROM latest_a")).containsExactly(1L, 3L);

    sql("UPDATE %s SET kind = 'a' WHERE id = 2", table);
    sql("DELETE FROM %s WHERE id = 1", table);

    assertThat(ids(latest)).containsExactly(2L, 3L);
    assertThat(ids("SELECT id FROM latest_a")).containsExactly(2L, 3L);
    assertThat(ids(pinned)).containsExactly(1L, 3L);
  }

  @Test
  void aTimeTravelReadIsNeverServedFromTheCacheOfTheLatestVersion() {
    sql("INSERT INTO %s VALUES (4, 'a')", table);
    assertThat(servedFromCache("SELECT id FROM " + table + " VERSION AS OF 2")).isFalse();
    assertThat(ids("SELECT id FROM " + table + " VERSION AS OF 2")).containsExactly(1L, 2L, 3L);
    sql("CACHE TABLE old AS SELECT id FROM %s VERSION AS OF 2", table);
    assertThat(all()).containsExactly(1L, 2L, 3L, 4L);
  }
}
