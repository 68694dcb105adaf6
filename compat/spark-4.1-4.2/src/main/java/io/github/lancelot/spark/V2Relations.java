package io.github.lancelot.spark;

import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.collection.Seq;

/**
 * Copies of a {@code DataSourceV2Relation} as Spark 4.1 and later build them, with the time travel
 * that loaded the table.
 */
final class V2Relations {
  private V2Relations() {}

  /** The relation over {@code table} with {@code output}, everything else unchanged. */
  static DataSourceV2Relation copy(
      DataSourceV2Relation relation, Table table, Seq<AttributeReference> output) {
    return relation.copy(
        table,
        ScalaCollections.immutableSeq(output),
        relation.catalog(),
        relation.identifier(),
        relation.options(),
        relation.timeTravelSpec());
  }
}
