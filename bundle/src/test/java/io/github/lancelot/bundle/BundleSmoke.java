package io.github.lancelot.bundle;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Run in a JVM that has only Spark's jars and the bundle: configures the catalog and the SQL
 * extensions the way the README says, runs the statements users run, and prints {@code RESULT}
 * lines for the test to check.
 */
public final class BundleSmoke {
  private BundleSmoke() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.sql.extensions", "io.github.lancelot.catalog.LanceSparkSessionExtensions")
            .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
            .config("spark.sql.catalog.lance.warehouse", warehouse + "/warehouse")
            .getOrCreate();
    try {
      spark.sql("CREATE NAMESPACE lance.db");
      spark.sql("CREATE TABLE lance.db.quotes (id BIGINT NOT NULL, author STRING, quote STRING)");
      spark.sql(
          "INSERT INTO lance.db.quotes VALUES (1, 'Richard', 'Wubba Lubba Dub Dub!'), "
              + "(2, 'Morty', \"Rick, what's going on?\")");
      spark.sql(
          "UPDATE lance.db.quotes SET author = 'Richard Daniel Sanchez' WHERE author = 'Richard'");
      spark.sql("ALTER TABLE lance.db.quotes ADD COLUMN v VECTOR(2)");
      spark.sql(
          "MERGE INTO lance.db.quotes t USING (SELECT id, array(cast(id AS float), 0.5f) AS v FROM range(1, 3)) s "
              + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = s.v");
      spark.sql("RESTORE TABLE lance.db.quotes TO VERSION AS OF 3");
      print(
          "versions",
          spark
              .sql("SELECT version FROM lance.db.quotes.history ORDER BY version")
              .collectAsList());
      print("latest", spark.sql("SELECT * FROM lance.db.quotes ORDER BY id").collectAsList());
      print(
          "v5",
          spark
              .sql("SELECT id, CAST(v AS STRING) FROM lance.db.quotes VERSION AS OF 5 ORDER BY id")
              .collectAsList());
      spark.sql(
          "CALL lance.system.create_tag(table => 'db.quotes', tag => 'merged', version => 5)");
      print(
          "tags",
          spark
              .sql("SELECT name, version FROM lance.db.quotes.tags ORDER BY name")
              .collectAsList());
      spark
          .range(5)
          .selectExpr("id")
          .write()
          .format("lance")
          .option("compression", "zstd")
          .save(warehouse + "/by-path");
      print(
          "path",
          spark
              .read()
              .format("lance")
              .load(warehouse + "/by-path")
              .selectExpr("sum(id)")
              .collectAsList());
    } finally {
      spark.stop();
    }
  }

  /** Rows as Spark renders them; arrays are cast to strings first, as Scala versions differ. */
  private static void print(String name, List<Row> rows) {
    System.out.println("RESULT " + name + " " + rows);
  }
}
