package io.github.lancelot.bundle;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One step of a table's life on one Spark line, run in a JVM with only that line's Spark and
 * bundle: {@code first} creates the table and changes it, {@code next} changes what an earlier line
 * wrote, {@code read} changes nothing. Every step then prints each version of the table as {@code
 * VERSION <n> <rows>}, in a form that does not depend on the Spark or Scala version, so the test
 * can check that every line reads every version alike.
 */
public final class CrossLineStep {
  private CrossLineStep() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    String step = args[1];
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.sql.extensions", "io.github.lancelot.catalog.LanceSparkSessionExtensions")
            .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
            .config("spark.sql.catalog.lance.warehouse", warehouse)
            .getOrCreate();
    try {
      switch (step) {
        case "first" -> first(spark);
        case "next" -> next(spark, args[2]);
        case "read" -> {}
        default -> throw new IllegalArgumentException("Unknown step " + step);
      }
      List<Row> versions =
          spark.sql("SELECT version FROM lance.db.t.history ORDER BY version").collectAsList();
      for (Row version : versions) {
        long v = version.getLong(0);
        List<Row> rows =
            spark
                .sql("SELECT * FROM lance.db.t VERSION AS OF " + v + " ORDER BY id")
                .selectExpr("to_json(struct(*))")
                .collectAsList();
        System.out.println(
            "VERSION "
                + v
                + " "
                + rows.stream().map(r -> r.getString(0)).collect(Collectors.joining(" ")));
      }
    } finally {
      spark.stop();
    }
  }

  private static void first(SparkSession spark) {
    spark.sql("CREATE NAMESPACE lance.db");
    spark.sql("CREATE TABLE lance.db.t (id BIGINT NOT NULL, name STRING)");
    spark.sql("INSERT INTO lance.db.t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    spark.sql("UPDATE lance.db.t SET name = 'ONE' WHERE id = 1");
    spark.sql("DELETE FROM lance.db.t WHERE id = 2");
    spark.sql("ALTER TABLE lance.db.t ADD COLUMN v VECTOR(2)");
    spark.sql("ALTER TABLE lance.db.t ADD COLUMN score DOUBLE");
    spark.sql("INSERT INTO lance.db.t VALUES (4, 'four', array(4.0f, 0.5f), 0.4)");
    spark.sql(
        "MERGE INTO lance.db.t t USING "
            + "(SELECT id, array(cast(id AS float), 0.5f) AS v FROM range(1, 4)) s "
            + "ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = s.v");
  }

  private static void next(SparkSession spark, String line) {
    long id = 10 + (line.hashCode() & 0xff);
    spark.sql(
        "MERGE INTO lance.db.t t USING (SELECT 3L AS id, 0.3D AS score UNION ALL SELECT "
            + id
            + "L, 1.0D) s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET t.score = s.score "
            + "WHEN NOT MATCHED THEN INSERT (id, name, score) VALUES (s.id, '"
            + line
            + "', s.score)");
    long beforeDelete = latestVersion(spark);
    spark.sql("DELETE FROM lance.db.t WHERE id = 4");
    spark.sql("RESTORE TABLE lance.db.t TO VERSION AS OF " + beforeDelete);
    spark.sql("INSERT INTO lance.db.t (id, name) VALUES (" + (id + 1) + ", '" + line + "')");
    spark.sql("OPTIMIZE lance.db.t");
  }

  private static long latestVersion(SparkSession spark) {
    return spark.sql("SELECT max(version) FROM lance.db.t.history").first().getLong(0);
  }
}
