package io.github.lancelot.spark;

import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.connector.catalog.Table;
import scala.collection.Seq;

/** Copies of a {@code StreamingRelationV2} as Spark 3.5 to 4.1 build them (eight fields). */
final class StreamingRelations {
  private StreamingRelations() {}

  /** The relation over {@code table} with {@code output}, everything else unchanged. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static StreamingRelationV2 copy(
      StreamingRelationV2 relation, Table table, Seq<AttributeReference> output) {
    scala.collection.immutable.Seq attributes = ScalaCollections.immutableSeq(output);
    return new StreamingRelationV2(
        relation.source(),
        relation.sourceName(),
        table,
        relation.extraOptions(),
        attributes,
        relation.catalog(),
        relation.identifier(),
        relation.v1Relation());
  }
}
