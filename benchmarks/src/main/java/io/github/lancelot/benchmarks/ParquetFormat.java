package io.github.lancelot.benchmarks;

import org.apache.spark.sql.SparkSession;

/** Plain Parquet tables in the session catalog: no versions, no row-level changes. */
final class ParquetFormat implements TableFormat {
  @Override
  public String name() {
    return "Parquet";
  }

  @Override
  public String table(String base) {
    return "spark_catalog.bench." + base + "_parquet";
  }

  @Override
  public void prepare(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS spark_catalog.bench");
  }

  @Override
  public String using() {
    return "USING parquet";
  }

  @Override
  public boolean rowLevel() {
    return false;
  }

  @Override
  public boolean versioned() {
    return false;
  }

  @Override
  public String firstVersion(SparkSession spark, String table) {
    throw new UnsupportedOperationException("Parquet tables have no versions");
  }

  @Override
  public void restore(SparkSession spark, String table, String version) {
    throw new UnsupportedOperationException("Parquet tables have no versions");
  }
}
