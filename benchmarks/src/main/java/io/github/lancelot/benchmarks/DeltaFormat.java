package io.github.lancelot.benchmarks;

import org.apache.spark.sql.SparkSession;

/**
 * Delta Lake tables in the session catalog: with Delta's default table settings (DELETE, UPDATE and
 * MERGE rewrite the files they touch), or with deletion vectors enabled.
 */
final class DeltaFormat implements TableFormat {
  private final boolean deletionVectors;

  DeltaFormat(boolean deletionVectors) {
    this.deletionVectors = deletionVectors;
  }

  @Override
  public String name() {
    return deletionVectors ? "Delta+DV" : "Delta";
  }

  @Override
  public String table(String base) {
    return "spark_catalog.bench." + base + (deletionVectors ? "_delta_dv" : "_delta");
  }

  @Override
  public void prepare(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS spark_catalog.bench");
  }

  @Override
  public String using() {
    return deletionVectors
        ? "USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')"
        : "USING delta";
  }

  @Override
  public String firstVersion(SparkSession spark, String table) {
    return spark
        .sql("DESCRIBE HISTORY " + table)
        .selectExpr("min(version)")
        .first()
        .get(0)
        .toString();
  }

  @Override
  public void restore(SparkSession spark, String table, String version) {
    spark.sql("RESTORE TABLE " + table + " TO VERSION AS OF " + version);
  }
}
