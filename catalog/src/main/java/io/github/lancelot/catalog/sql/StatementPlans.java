package io.github.lancelot.catalog.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.logical.Limit;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns Lancelot statements into Spark logical plans, as Spark's own parser would build them for
 * the equivalent SQL: a metadata table query is {@code SELECT * FROM cat.ns.t.<metadata table>
 * [ORDER BY c] [LIMIT n]}; a procedure call is planned as the line's Spark calls procedures ({@link
 * ProcedureCallPlan}).
 */
final class StatementPlans {
  private StatementPlans() {}

  static LogicalPlan plan(LancelotStatement statement) {
    if (statement instanceof ProcedureCall call) {
      return ProcedureCallPlan.of(call);
    }
    return query((MetadataTableQuery) statement);
  }

  private static LogicalPlan query(MetadataTableQuery query) {
    List<String> name = new ArrayList<>(query.table().withCatalog());
    name.add(query.metadataTable());
    LogicalPlan plan = new UnresolvedRelation(seq(name), CaseInsensitiveStringMap.empty(), false);
    plan = new Project(seq(List.<NamedExpression>of(new UnresolvedStar(Option.empty()))), plan);
    if (query.orderBy().isPresent()) {
      SortOrder order =
          new SortOrder(
              UnresolvedAttribute.quoted(query.orderBy().get()),
              Ascending$.MODULE$,
              Ascending$.MODULE$.defaultNullOrdering(),
              seq(List.of()));
      plan = new Sort(seq(List.of(order)), true, plan, Option.empty());
    }
    if (query.limit().isPresent()) {
      plan =
          (LogicalPlan)
              Limit.apply(Literal.create(query.limit().getAsInt(), DataTypes.IntegerType), plan);
    }
    return plan;
  }

  static <T> Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}
