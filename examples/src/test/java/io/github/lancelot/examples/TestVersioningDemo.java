package io.github.lancelot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Table;
import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command tells a true story: three versions, each readable as it was. */
class TestVersioningDemo {
  static SparkSession spark;
  @TempDir Path warehouse;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void createsRewritesAndAppendsThenReadsEveryVersionBack() throws Exception {
    Table table = VersioningDemo.run(spark, warehouse.toString());
    assertThat(table.versions()).containsExactly(1L, 2L, 3L);
    assertThat(table.history())
        .extracting(CommitInfo::operation)
        .containsExactly("APPEND", "OVERWRITE", "CREATE TABLE");
    String path = table.location();
    assertThat(
            spark
                .read()
                .format("lance")
                .option("versionAsOf", 1)
                .load(path)
                .where("author = 'Richard'")
                .count())
        .isEqualTo(2);
    assertThat(
            spark
                .read()
                .format("lance")
                .option("versionAsOf", 2)
                .load(path)
                .where("author = 'Richard'")
                .count())
        .isZero();
    Row latest = spark.read().format("lance").load(path).where("id = 2").first();
    assertThat(latest.getString(2)).isEqualTo("Rick, what's going on?");
    assertThat(spark.read().format("lance").load(path).count()).isEqualTo(5);
  }
}
