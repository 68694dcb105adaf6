package io.github.lancelot.catalog;

import io.github.lancelot.spark.LanceSparkTable;
import io.github.lancelot.spark.ScalaCollections;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.util.ResolveDefaultColumns;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.internal.SQLConf;
import scala.Option;

/**
 * {@code INSERT INTO t (c1, c2) ...} and {@code INSERT INTO t BY NAME ...} into a Lance table:
 * every table column the statement leaves out gets its {@code DEFAULT}, or NULL when it has none
 * and is nullable (as {@code spark.sql.defaultColumn.useNullsForMissingDefaultValues} says). Spark
 * 4.0 does this only for v1 tables: its {@code ResolveOutputRelation} resolves v2 writes with
 * {@code supportColDefaultValue = false}. A NOT NULL column without a default stays missing, so
 * Spark still reports it.
 */
final class FillMissingInsertColumns extends Rule<LogicalPlan> {
  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    // Runs after the built-in Resolution rules of the same pass, so it sees the statement before
    // ResolveInsertInto
    // turns it into AppendData in the next pass.
    if (!(plan instanceof InsertIntoStatement insert)
        || !(insert.table() instanceof DataSourceV2Relation relation)
        || !(relation.table() instanceof LanceSparkTable)
        || !insert.query().resolved()
        || !insert.partitionSpec().isEmpty()
        || (insert.userSpecifiedCols().isEmpty() && !insert.byName())) {
      return plan;
    }
    List<String> given =
        insert.userSpecifiedCols().isEmpty()
            ? ScalaCollections.list(insert.query().output()).stream().map(Attribute::name).toList()
            : ScalaCollections.list(insert.userSpecifiedCols());
    SQLConf conf = SQLConf.get();
    List<NamedExpression> projection =
        new ArrayList<>(ScalaCollections.list(insert.query().output()));
    List<String> columns = new ArrayList<>(given);
    for (Attribute column : ScalaCollections.list(relation.output())) {
      if (given.stream().noneMatch(name -> (Boolean) conf.resolver().apply(name, column.name()))) {
        Option<NamedExpression> value =
            ResolveDefaultColumns.getDefaultValueExprOrNullLit(
                column, conf.useNullsForMissingDefaultColumnValues());
        if (value.isDefined()) {
          projection.add(value.get());
          columns.add(column.name());
        }
      }
    }
    if (columns.size() == given.size()) {
      return plan;
    }
    return InsertStatements.withColumns(
        insert,
        insert.userSpecifiedCols().isEmpty()
            ? ScalaCollections.immutableSeq(insert.userSpecifiedCols())
            : ScalaCollections.seq(columns),
        new Project(ScalaCollections.seq(projection), insert.query()));
  }
}
