package io.github.lancelot.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * One local Spark session, with Lancelot's SQL extensions, for all Spark tests of this JVM: two
 * cores, and each task tried at most twice, so that tests can inject a task failure and see it
 * retried.
 */
abstract class SparkTestBase {
  protected static SparkSession spark;
  @TempDir protected Path dir;

  @BeforeAll
  static void startSpark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("lancelot-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              // The same session as the catalog tests', whichever test class starts it first.
              .config(
                  "spark.sql.extensions", "io.github.lancelot.catalog.LanceSparkSessionExtensions")
              .getOrCreate();
    }
    SparkSession.setActiveSession(spark);
  }

  protected String path(String name) {
    return dir.resolve(name).toString();
  }
}
