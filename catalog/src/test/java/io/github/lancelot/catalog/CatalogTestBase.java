package io.github.lancelot.catalog;

import io.github.lancelot.format.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A local Spark session with the Lance catalog {@code lance} over a fresh warehouse folder per
 * test, and the SQL extensions. Each test uses namespace {@code db}.
 */
abstract class CatalogTestBase {
  protected static SparkSession spark;
  private static Path warehouseRoot;
  private static int counter;
  protected String catalog;
  protected Path warehouse;

  @BeforeAll
  static void startSpark() throws Exception {
    if (spark == null) {
      warehouseRoot = Files.createTempDirectory("lancelot-warehouses");
      spark =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("lancelot-catalog-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.extensions", LanceSparkSessionExtensions.class.getName())
              .getOrCreate();
    }
    SparkSession.setActiveSession(spark);
  }

  /**
   * Each test gets its own catalog name over its own warehouse, so no state leaks between tests.
   */
  @BeforeEach
  void newCatalog() throws Exception {
    catalog = "lance" + (++counter);
    warehouse = Files.createDirectories(warehouseRoot.resolve(catalog));
    spark.conf().set("spark.sql.catalog." + catalog, LanceCatalog.class.getName());
    spark.conf().set("spark.sql.catalog." + catalog + ".warehouse", warehouseUri());
    sql("CREATE NAMESPACE IF NOT EXISTS %s.db", catalog);
  }

  /** Where this test's catalog keeps its tables: the local folder {@link #warehouse} by default. */
  protected String warehouseUri() {
    return warehouse.toUri().toString();
  }

  @AfterEach
  void resetCurrentCatalog() {
    spark.sql("USE spark_catalog");
  }

  protected Dataset<Row> sql(String format, Object... args) {
    return spark.sql(String.format(format, args));
  }

  protected List<Row> rows(String format, Object... args) {
    return sql(format, args).collectAsList();
  }

  /** Table {@code db.<name>} of this test's warehouse, opened through the format's API. */
  protected Table lanceTable(String name) {
    return Table.forPath(
        warehouse.resolve("db").resolve(name).toString(), spark.sessionState().newHadoopConf());
  }

  /** The column names of a query's result. */
  protected List<String> columns(String query) {
    return List.of(spark.sql(query).schema().fieldNames());
  }

  /** The catalog-qualified name of table {@code db.<name>}. */
  protected String t(String name) {
    return catalog + ".db." + name;
  }
}
