package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.catalog.LanceCatalog;
import io.github.lancelot.catalog.LanceSparkSessionExtensions;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Table;
import io.github.lancelot.testing.s3.S3TestServer;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL suite, tags, clones, OPTIMIZE and VACUUM with the warehouse on S3: a real S3-compatible
 * server on loopback reached through S3A, commits written by conditional PUTs, data files read and
 * written by Spark tasks.
 */
class S3EndToEndIT {
  static SparkSession spark;
  static String bucket;

  @BeforeAll
  static void start() {
    S3TestServer s3 = S3TestServer.shared();
    bucket = s3.newBucket("e2e");
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("S3EndToEndIT")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.extensions", LanceSparkSessionExtensions.class.getName())
            .config("spark.sql.catalog.lance", LanceCatalog.class.getName())
            .config("spark.sql.catalog.lance.warehouse", bucket + "/warehouse");
    s3.s3aProperties().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }

  static List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList();
  }

  static List<Long> ids(String sql) {
    return rows(sql).stream().map(r -> r.getLong(0)).toList();
  }

  static Table table(String name) {
    return Table.forPath(bucket + "/warehouse/db/" + name, spark.sessionState().newHadoopConf());
  }

  static long dataFiles(String name) throws Exception {
    Path data = new Path(bucket + "/warehouse/db/" + name + "/data");
    FileSystem fs = data.getFileSystem(spark.sessionState().newHadoopConf());
    long n = 0;
    RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files = fs.listFiles(data, true);
    while (files.hasNext()) {
      files.next();
      n++;
    }
    return n;
  }

  @Test
  void theSqlSuiteWithTheWarehouseOnS3() throws Exception {
    EndToEndSql suite = new EndToEndSql(spark, "lance", bucket + "/warehouse");
    suite.run();
    Table table = suite.lance();
    assertThat(table.location()).startsWith("s3a://");
    FileSystem fs = new Path(table.location()).getFileSystem(suite.conf());
    for (Fragment f : table.latestSnapshot().fragments()) {
      for (DataFile file : f.files()) {
        assertThat(fs.exists(new Path(table.location(), file.path())))
            .as("data file %s on S3", file.path())
            .isTrue();
      }
    }
  }

  @Test
  void tagsClonesOptimizeAndVacuumOnS3() throws Exception {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.db");
    spark.sql(
        "CREATE TABLE lance.db.kept (id BIGINT, name STRING) "
            + "TBLPROPERTIES ('cleanup.retention-threshold-hours' = '0')");
    for (int i = 0; i < 4; i++) {
      spark.sql(
          String.format(
              "INSERT INTO lance.db.kept VALUES (%d, 'a%d'), (%d, 'b%d')", 2 * i, i, 2 * i + 1, i));
    }
    spark.sql("DELETE FROM lance.db.kept WHERE id IN (1, 6)");
    assertThat(ids("SELECT id FROM lance.db.kept ORDER BY id"))
        .containsExactly(0L, 2L, 3L, 4L, 5L, 7L);

    spark.sql("ALTER TABLE lance.db.kept CREATE TAG two_inserts AS OF VERSION 3");
    assertThat(ids("SELECT id FROM lance.db.kept VERSION AS OF 'two_inserts' ORDER BY id"))
        .containsExactly(0L, 1L, 2L, 3L);

    spark.sql("CREATE TABLE lance.db.kept_clone SHALLOW CLONE lance.db.kept VERSION AS OF 4");
    spark.sql("INSERT INTO lance.db.kept_clone VALUES (100, 'clone')");
    assertThat(ids("SELECT id FROM lance.db.kept_clone ORDER BY id"))
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 100L);

    long filesBefore = dataFiles("kept");
    spark.sql("OPTIMIZE lance.db.kept");
    assertThat(table("kept").latestSnapshot().fragments()).hasSize(1);
    assertThat(ids("SELECT id FROM lance.db.kept ORDER BY id"))
        .containsExactly(0L, 2L, 3L, 4L, 5L, 7L);

    spark.conf().set("spark.lancelot.cleanup.retentionCheck.enabled", "false");
    spark.sql("VACUUM lance.db.kept RETAIN 0 HOURS");
    Table kept = table("kept");
    assertThat(kept.versions()).as("the tagged and the latest version are kept").contains(3L);
    assertThatThrownBy(() -> spark.sql("SELECT * FROM lance.db.kept VERSION AS OF 5").collect())
        .hasMessageContaining("Version 5 of table " + bucket + "/warehouse/db/kept was removed");
    assertThat(dataFiles("kept"))
        .as("files of removed versions are deleted from S3, files the tag or clone uses kept")
        .isLessThan(filesBefore + 1)
        .isGreaterThanOrEqualTo(3);
    assertThat(ids("SELECT id FROM lance.db.kept ORDER BY id"))
        .containsExactly(0L, 2L, 3L, 4L, 5L, 7L);
    assertThat(ids("SELECT id FROM lance.db.kept VERSION AS OF 'two_inserts' ORDER BY id"))
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(ids("SELECT id FROM lance.db.kept_clone ORDER BY id"))
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 100L);
  }
}
