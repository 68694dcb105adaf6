package io.github.lancelot.catalog;

import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.immutable.Seq;

/** {@code INSERT INTO} statements as Spark 3.5 to 4.1 hold them. */
final class InsertStatements {
  private InsertStatements() {}

  /** The statement writing {@code query} into {@code columns}, everything else unchanged. */
  static InsertIntoStatement withColumns(
      InsertIntoStatement insert, Seq<String> columns, LogicalPlan query) {
    return insert.copy(
        insert.table(),
        insert.partitionSpec(),
        columns,
        query,
        insert.overwrite(),
        insert.ifPartitionNotExists(),
        insert.byName());
  }
}
