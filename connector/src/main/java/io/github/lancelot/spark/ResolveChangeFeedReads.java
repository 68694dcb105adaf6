package io.github.lancelot.spark;

import java.util.Optional;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.Function1;
import scala.runtime.AbstractPartialFunction;

/**
 * Reads the change feed of a catalog's Lance table when its read options ask for it: {@code
 * spark.read.option("readChangeFeed", "true").option("startingVersion", 5).table("lance.db.t")} and
 * the {@code table_changes} function. Spark resolves such a read as a read of the table, whose
 * columns are not the change feed's; this rule swaps the relation for one over the table's {@link
 * LanceChangeFeedTable}; likewise for a stream, {@code spark.readStream.option("readChangeFeed",
 * "true").table("lance.db.t")}. (Reads by path need no rule: the data source loads the change feed
 * itself.)
 */
public final class ResolveChangeFeedReads extends Rule<LogicalPlan> {
  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return plan.resolveOperatorsDown(
        new AbstractPartialFunction<LogicalPlan, LogicalPlan>() {
          @Override
          public boolean isDefinedAt(LogicalPlan node) {
            return node instanceof DataSourceV2Relation relation
                    && relation.table() instanceof LanceSparkTable
                || node instanceof StreamingRelationV2 stream
                    && stream.table() instanceof LanceSparkTable;
          }

          @Override
          @SuppressWarnings("unchecked")
          public <A1 extends LogicalPlan, B1> B1 applyOrElse(A1 node, Function1<A1, B1> otherwise) {
            if (!isDefinedAt(node)) {
              return otherwise.apply(node);
            }
            return node instanceof StreamingRelationV2 stream
                ? (B1) resolve(stream)
                : (B1) resolve((DataSourceV2Relation) node);
          }
        });
  }

  private static LogicalPlan resolve(DataSourceV2Relation relation) {
    LanceSparkTable table = (LanceSparkTable) relation.table();
    Optional<LanceChangeFeedTable> changes =
        LanceChangeFeedTable.requested(table, relation.options());
    if (changes.isEmpty()) {
      return relation;
    }
    @SuppressWarnings("deprecation")
    org.apache.spark.sql.types.StructType schema = changes.get().schema();
    return V2Relations.copy(relation, changes.get(), DataTypeUtils.toAttributes(schema));
  }

  private static LogicalPlan resolve(StreamingRelationV2 relation) {
    LanceSparkTable table = (LanceSparkTable) relation.table();
    Optional<LanceChangeFeedTable> changes =
        LanceChangeFeedTable.requested(table, relation.extraOptions().asCaseSensitiveMap());
    if (changes.isEmpty()) {
      return relation;
    }
    @SuppressWarnings("deprecation")
    org.apache.spark.sql.types.StructType schema = changes.get().schema();
    return StreamingRelations.copy(relation, changes.get(), DataTypeUtils.toAttributes(schema));
  }
}
