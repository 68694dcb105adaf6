package io.github.lancelot.benchmarks;

import org.apache.spark.sql.SparkSession;

/**
 * One table format under test: where its table lives and the SQL it needs where formats differ.
 * Everything the formats share (INSERT, DELETE, UPDATE, MERGE, ALTER TABLE, queries) is plain Spark
 * SQL on {@link #table()}.
 */
interface TableFormat {
  /** The name shown in the report. */
  String name();

  /** The fully qualified table name the workload writes, for a table named {@code base}. */
  String table(String base);

  /** Creates the namespace the tables live in. */
  void prepare(SparkSession spark);

  /** The {@code USING ...} clause of CREATE TABLE, or an empty string. */
  String using();

  /** Whether DELETE, UPDATE and MERGE are supported. */
  default boolean rowLevel() {
    return true;
  }

  /** Whether the table keeps versions to read and restore. */
  default boolean versioned() {
    return true;
  }

  /** The version (or snapshot id) the table's first commit created. */
  String firstVersion(SparkSession spark, String table);

  /** Makes {@code version} the table's current state again. */
  void restore(SparkSession spark, String table, String version);

  default void drop(SparkSession spark, String table) {
    spark.sql("DROP TABLE IF EXISTS " + table);
  }
}
