package io.github.lancelot.benchmarks;

import org.apache.spark.sql.SparkSession;

/** Lancelot tables in the catalog {@code lance}. */
final class LancelotFormat implements TableFormat {
  @Override
  public String name() {
    return "Lancelot";
  }

  @Override
  public String table(String base) {
    return "lance.bench." + base;
  }

  @Override
  public void prepare(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.bench");
  }

  @Override
  public String using() {
    return "";
  }

  @Override
  public String firstVersion(SparkSession spark, String table) {
    return spark.sql("SELECT min(version) FROM " + table + ".history").first().get(0).toString();
  }

  @Override
  public void restore(SparkSession spark, String table, String version) {
    spark.sql("RESTORE TABLE " + table + " TO VERSION AS OF " + version);
  }
}
