package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.CountingFileSystem;
import io.github.lancelot.format.internal.log.LogReader;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Planning and running one statement reads a table's log once: one listing of {@code _versions} and
 * one replay, not one per existence check, load and time-travel lookup. Counted on a filesystem
 * that counts log reads.
 */
class TestLogReadsPerStatement extends CatalogTestBase {
  private String counted;
  private String path;

  @BeforeEach
  void countedWarehouse() throws Exception {
    CountingFileSystem.configure(spark.sparkContext().hadoopConfiguration());
    counted = catalog + "_counted";
    String root = Files.createTempDirectory("lancelot-counted").toString();
    spark.conf().set("spark.sql.catalog." + counted, LanceCatalog.class.getName());
    spark
        .conf()
        .set(
            "spark.sql.catalog." + counted + ".warehouse",
            CountingFileSystem.SCHEME + "://" + root + "/wh");
    sql("CREATE NAMESPACE IF NOT EXISTS %s.db", counted);
    sql("CREATE TABLE %s.db.t (id BIGINT, name STRING)", counted);
    sql("INSERT INTO %s.db.t VALUES (1, 'a'), (2, 'b')", counted);
    sql("INSERT INTO %s.db.t VALUES (3, 'c'), (4, 'd')", counted);
    path = CountingFileSystem.SCHEME + "://" + root + "/by-path";
    spark
        .range(4)
        .selectExpr("id", "cast(id AS STRING) AS name")
        .write()
        .format("lance")
        .save(path);
    spark
        .range(4, 6)
        .selectExpr("id", "cast(id AS STRING) AS name")
        .write()
        .format("lance")
        .mode("append")
        .save(path);
    spark
        .range(6, 8)
        .selectExpr("id", "cast(id AS STRING) AS name")
        .write()
        .format("lance")
        .mode("append")
        .save(path);
  }

  /** Log reads of one statement: {listings of _versions, log files opened}. */
  private int[] reads(Runnable statement) {
    CountingFileSystem.reset();
    statement.run();
    return new int[] {CountingFileSystem.logListings(), CountingFileSystem.logOpens()};
  }

  private String t() {
    return counted + ".db.t";
  }

  /**
   * One statement lists the log once (on Spark 4.1 and later, once more to run on the latest
   * version) and opens each commit of the replay once: per load, at most as many log files as the
   * table has versions (no checkpoint yet) plus the last-checkpoint hint each load tries first.
   */
  private static void assertReadOnce(String statement, int[] counts, int versions) {
    assertThat(counts[0])
        .as(statement + ": listings of _versions")
        .isBetween(1, LogListingsPerStatement.MAX);
    assertThat(counts[1])
        .as(statement + ": log files opened")
        .isLessThanOrEqualTo(LogListingsPerStatement.MAX * (versions + 1));
  }

  @Test
  void statementsThroughTheCatalogListTheLogOnce() {
    assertReadOnce("SELECT", reads(() -> rows("SELECT * FROM %s", t())), 3);
    assertReadOnce("INSERT", reads(() -> sql("INSERT INTO %s VALUES (5, 'e')", t())), 3);
    assertReadOnce("DELETE", reads(() -> sql("DELETE FROM %s WHERE name = 'b'", t())), 4);
    assertReadOnce(
        "SELECT VERSION AS OF", reads(() -> rows("SELECT * FROM %s VERSION AS OF 2", t())), 2);
    assertReadOnce(
        "SELECT TIMESTAMP AS OF",
        reads(() -> rows("SELECT * FROM %s TIMESTAMP AS OF current_timestamp()", t())),
        5 + 3);
    assertReadOnce("SELECT by path", reads(() -> rows("SELECT * FROM %s.`%s`", counted, path)), 3);
    assertThat(rows("SELECT id FROM %s ORDER BY id", t()))
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 3L, 4L, 5L);
  }

  @Test
  void pathReadsAndWritesListTheLogOnce() {
    assertReadOnce("read", reads(() -> spark.read().format("lance").load(path).collectAsList()), 3);
    assertReadOnce(
        "append",
        reads(
            () ->
                spark
                    .range(1)
                    .selectExpr("id", "'x' AS name")
                    .write()
                    .format("lance")
                    .mode("append")
                    .save(path)),
        3);
    assertReadOnce(
        "read versionAsOf",
        reads(
            () ->
                spark.read().format("lance").option("versionAsOf", "2").load(path).collectAsList()),
        2);
    assertThat(spark.read().format("lance").load(path).count()).isEqualTo(9);
  }

  /**
   * DESCRIBE HISTORY with a LIMIT reads only the newest commits, not the whole log, on a table old
   * enough to be opened from its last-checkpoint hint (here from version 10).
   */
  @Test
  void describeHistoryWithALimitReadsOnlyTheNewestCommits() throws Exception {
    String aged = counted + "_aged";
    String root = Files.createTempDirectory("lancelot-aged").toString();
    spark.conf().set(LogReader.PROBE_FROM_VERSION, "10");
    try {
      spark.conf().set("spark.sql.catalog." + aged, LanceCatalog.class.getName());
      spark
          .conf()
          .set(
              "spark.sql.catalog." + aged + ".warehouse",
              CountingFileSystem.SCHEME + "://" + root + "/wh");
      sql("CREATE NAMESPACE %s.db", aged);
      sql("CREATE TABLE %s.db.t (id BIGINT, name STRING)", aged);
      for (int i = 0; i < 14; i++) {
        sql("INSERT INTO %s.db.t VALUES (%d, 'x')", aged, i);
      }

      int[] counts = reads(() -> rows("DESCRIBE HISTORY %s.db.t LIMIT 2", aged));

      assertThat(rows("DESCRIBE HISTORY %s.db.t LIMIT 2", aged))
          .extracting(r -> r.getLong(0))
          .containsExactly(15L, 14L);
      assertThat(counts[0]).as("listings of _versions").isZero();
      // the hint (to find the table, then its newest version) and the 2 newest commits, of 15
      assertThat(counts[1]).as("log files opened").isEqualTo(4);
    } finally {
      spark.conf().unset(LogReader.PROBE_FROM_VERSION);
    }
  }
}
