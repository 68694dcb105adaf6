package io.github.lancelot.catalog;

import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import scala.collection.immutable.Seq;

/**
 * {@code INSERT INTO} statements as Spark 4.2 holds them, with {@code REPLACE WHERE/USING} criteria
 * and {@code WITH SCHEMA EVOLUTION}.
 */
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
        insert.byName(),
        insert.replaceCriteriaOpt(),
        insert.withSchemaEvolution());
  }
}
