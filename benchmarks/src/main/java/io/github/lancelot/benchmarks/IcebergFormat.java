package io.github.lancelot.benchmarks;

import org.apache.spark.sql.SparkSession;

/**
 * Iceberg tables in a Hadoop catalog {@code ice}: with Iceberg's default table settings (DELETE,
 * UPDATE and MERGE copy on write), or merging on read (position delete files).
 */
final class IcebergFormat implements TableFormat {
  private final boolean mergeOnRead;

  IcebergFormat(boolean mergeOnRead) {
    this.mergeOnRead = mergeOnRead;
  }

  @Override
  public String name() {
    return mergeOnRead ? "Iceberg+MoR" : "Iceberg";
  }

  @Override
  public String table(String base) {
    return "ice.bench." + base + (mergeOnRead ? "_mor" : "");
  }

  @Override
  public void prepare(SparkSession spark) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS ice.bench");
  }

  @Override
  public String using() {
    return mergeOnRead
        ? "USING iceberg TBLPROPERTIES ('write.delete.mode' = 'merge-on-read', 'write.update.mode' = 'merge-on-read',"
            + " 'write.merge.mode' = 'merge-on-read')"
        : "USING iceberg";
  }

  @Override
  public String firstVersion(SparkSession spark, String table) {
    return spark
        .sql("SELECT snapshot_id FROM " + table + ".snapshots ORDER BY committed_at LIMIT 1")
        .first()
        .get(0)
        .toString();
  }

  @Override
  public void restore(SparkSession spark, String table, String version) {
    spark.sql(
        "CALL ice.system.set_current_snapshot(table => '"
            + table.substring("ice.".length())
            + "', snapshot_id => "
            + version
            + ")");
  }

  @Override
  public void drop(SparkSession spark, String table) {
    spark.sql("DROP TABLE IF EXISTS " + table + " PURGE");
  }
}
