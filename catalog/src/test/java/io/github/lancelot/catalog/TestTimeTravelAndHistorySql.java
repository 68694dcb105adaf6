package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** SQL time travel by version and time, DESCRIBE HISTORY and the metadata tables. */
@AcrossLines
class TestTimeTravelAndHistorySql extends CatalogTestBase {

  List<Long> ids(String query, Object... args) {
    return rows(query, args).stream().map(r -> r.getLong(0)).toList();
  }

  void threeVersions() {
    sql("CREATE TABLE %s (id BIGINT, quote STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b')", t("q"));
    sql("INSERT INTO %s VALUES (3, 'c')", t("q"));
  }

  @Test
  void everyVersionCommittedThroughSparkNamesSparkAsItsEngine() {
    threeVersions();
    sql("ALTER TABLE %s ADD COLUMN score DOUBLE", t("q"));
    sql("DELETE FROM %s WHERE id = 1", t("q"));
    sql("RESTORE TABLE %s TO VERSION AS OF 3", t("q"));
    sql("OPTIMIZE %s", t("q"));
    sql("CREATE TABLE %s SHALLOW CLONE %s", t("q2"), t("q"));
    String spark = "Apache Spark " + CatalogTestBase.spark.version() + " Lancelot/";
    for (String table : List.of(t("q"), t("q2"))) {
      assertThat(rows("SELECT operation, engineInfo FROM %s.history", table))
          .allSatisfy(r -> assertThat(r.getString(1)).as(r.getString(0)).startsWith(spark));
    }
    assertThat(rows("SELECT operation FROM %s.history ORDER BY version", t("q")))
        .extracting(r -> r.getString(0))
        .containsExactly(
            "CREATE TABLE", "APPEND", "APPEND", "ADD COLUMNS", "DELETE", "RESTORE", "OPTIMIZE");
  }

  @Test
  void readsAnyVersionByNumberOrTimestamp() {
    threeVersions();
    assertThat(ids("SELECT id FROM %s VERSION AS OF 1", t("q"))).isEmpty();
    assertThat(ids("SELECT id FROM %s VERSION AS OF 2 ORDER BY id", t("q")))
        .containsExactly(1L, 2L);
    assertThat(ids("SELECT id FROM %s FOR VERSION AS OF '3' ORDER BY id", t("q")))
        .containsExactly(1L, 2L, 3L);
    assertThat(spark.read().option("versionAsOf", 2).table(t("q")).count()).isEqualTo(2);

    Timestamp v2 =
        rows("SELECT timestamp FROM %s.history WHERE version = 2", t("q")).get(0).getTimestamp(0);
    assertThat(ids("SELECT id FROM %s TIMESTAMP AS OF '%s' ORDER BY id", t("q"), v2))
        .containsExactly(1L, 2L);
    assertThat(spark.read().option("timestampAsOf", v2.toString()).table(t("q")).count())
        .isEqualTo(2);
  }

  @Test
  void timeTravelOutsideTheHistoryIsAClearError() {
    threeVersions();
    assertThatThrownBy(() -> sql("SELECT * FROM %s VERSION AS OF 7", t("q")))
        .hasMessageContaining("has no version 7")
        .hasMessageContaining("available versions are 1 to 3");
    assertThatThrownBy(() -> sql("SELECT * FROM %s TIMESTAMP AS OF '1999-12-31 23:59:59'", t("q")))
        .hasMessageContaining("has no version at or before 1999-12-31T23:59:59Z");
    assertThatThrownBy(() -> sql("SELECT * FROM %s VERSION AS OF 'golden'", t("q")))
        .hasMessageContaining("has no tag 'golden'; it has no tags");
  }

  @Test
  void writingToAnOldVersionIsRefused() throws Exception {
    threeVersions();
    String path = warehouse.resolve("db").resolve("q").toString();
    assertThatThrownBy(
            () ->
                spark
                    .sql("SELECT 9L AS id, 'z' AS quote")
                    .write()
                    .format("lance")
                    .option("versionAsOf", 2)
                    .mode("append")
                    .save(path))
        .hasMessageContaining("with option versionAsOf")
        .hasMessageContaining("an old version is read-only");
    assertThatThrownBy(
            () ->
                spark
                    .sql("SELECT 9L AS id, 'z' AS quote")
                    .writeTo(t("q"))
                    .option("timestampAsOf", "2020-01-01 00:00:00")
                    .append())
        .hasMessageContaining("with option timestampAsOf");
    assertThat(rows("SELECT count(*) FROM %s", t("q")).get(0).getLong(0)).isEqualTo(3);
    spark.read().option("versionAsOf", 2).table(t("q")).writeTo(t("q")).append();
    assertThat(rows("SELECT count(*) FROM %s", t("q")).get(0).getLong(0)).isEqualTo(5);
  }

  @Test
  void describeHistoryListsVersionsNewestFirstWithOperationsParametersAndMetrics() {
    threeVersions();
    sql("ALTER TABLE %s ADD COLUMN score INT", t("q"));
    List<Row> history = rows("DESCRIBE HISTORY %s", t("q"));
    assertThat(history).extracting(r -> r.getLong(0)).containsExactly(4L, 3L, 2L, 1L);
    assertThat(history)
        .extracting(r -> r.getString(2))
        .containsExactly("ADD COLUMNS", "APPEND", "APPEND", "CREATE TABLE");
    Row append = history.get(2);
    Map<String, String> metrics = append.getJavaMap(5);
    assertThat(metrics)
        .containsEntry("numAddedRows", "2")
        .containsKey("numAddedFragments")
        .containsKey("numAddedBytes");
    assertThat(append.<String, String>getJavaMap(3)).containsEntry("mode", "APPEND");
    assertThat(append.getLong(4)).isEqualTo(1L);
    assertThat(append.getString(6)).contains("Apache Spark").contains("Lancelot");
    assertThat(history.get(0).<String, String>getJavaMap(3)).containsEntry("add.score", "INT");
    assertThat(spark.sql("DESCRIBE HISTORY " + t("q")).schema().fieldNames())
        .containsExactly(
            "version",
            "timestamp",
            "operation",
            "operationParameters",
            "readVersion",
            "operationMetrics",
            "engineInfo",
            "isBlindAppend");

    assertThat(rows("describe history %s limit 2", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactly(4L, 3L);
    assertThat(rows("SELECT version FROM %s.history ORDER BY version", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L, 3L, 4L);
    sql("USE %s.db", catalog);
    assertThat(rows("DESCRIBE HISTORY q LIMIT 1"))
        .extracting(r -> r.getLong(0))
        .containsExactly(4L);
    assertThatThrownBy(() -> sql("DESCRIBE HISTORY %s", t("missing")))
        .hasMessageContaining("missing");
  }

  @Test
  void theFragmentsTableShowsRowsDeletedRowsFilesAndBytes() {
    threeVersions();
    List<Row> fragments =
        rows(
            "SELECT id, rows, deleted_rows, size(files), bytes FROM %s.fragments ORDER BY id",
            t("q"));
    assertThat(fragments).hasSize(3);
    assertThat(fragments)
        .allSatisfy(
            r -> {
              assertThat(r.getLong(1)).isEqualTo(1);
              assertThat(r.getLong(2)).isZero();
              assertThat(r.getInt(3))
                  .as("a file for the BIGINT id, one for the STRING quote")
                  .isEqualTo(2);
              assertThat(r.getLong(4)).isPositive();
            });
  }
}
