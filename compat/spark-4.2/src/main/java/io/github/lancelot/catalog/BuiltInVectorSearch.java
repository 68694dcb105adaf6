package io.github.lancelot.catalog;

import io.github.lancelot.spark.LanceSparkTable;
import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.spark.VectorFunction;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.VectorFunctionImplUtils;
import org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.Sort;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;

/**
 * Spark 4.2's built-in {@code vector_l2_distance}, {@code vector_inner_product} and {@code
 * vector_cosine_similarity} in a sort over a Lance table, and in the projections and filters
 * between the sort and the table, become calls of Lancelot's functions of the same names. Spark
 * passes the built-ins on to no scan, Lancelot's functions it passes on as calls a scan can run as
 * a nearest-neighbour search; the results are the same, bit for bit, as Lancelot computes them as
 * Spark does. Everywhere else the built-ins stay Spark's own. The built-ins have become {@code
 * StaticInvoke}s of {@link VectorFunctionImplUtils} by the time optimizer rules run.
 */
final class BuiltInVectorSearch extends Rule<LogicalPlan> {
  private static final Map<String, String> BUILT_INS =
      Map.of(
          "vectorL2Distance", "vector_l2_distance",
          "vectorInnerProduct", "vector_inner_product",
          "vectorCosineSimilarity", "vector_cosine_similarity");

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    LogicalPlan p = plan.mapChildren(this::apply);
    if (p instanceof Sort sort && overLanceTable(sort.child())) {
      return withLancelotFunctions(sort);
    }
    return p;
  }

  private static boolean overLanceTable(LogicalPlan plan) {
    while (plan instanceof Project || plan instanceof Filter) {
      plan = plan.children().head();
    }
    return plan instanceof DataSourceV2Relation relation
        && relation.table() instanceof LanceSparkTable;
  }

  /** The node, and the projections and filters below it, with the built-ins replaced. */
  private static LogicalPlan withLancelotFunctions(LogicalPlan plan) {
    LogicalPlan p = plan.mapExpressions(BuiltInVectorSearch::withLancelotFunctions);
    if (p instanceof Sort || p instanceof Project || p instanceof Filter) {
      return p.mapChildren(BuiltInVectorSearch::withLancelotFunctions);
    }
    return p;
  }

  private static Expression withLancelotFunctions(Expression e) {
    Expression rewritten = e.mapChildren(BuiltInVectorSearch::withLancelotFunctions);
    if (rewritten instanceof StaticInvoke call
        && call.staticObject() == VectorFunctionImplUtils.class
        && BUILT_INS.containsKey(call.functionName())
        && call.arguments().size() == 3) {
      List<Expression> args = ScalaCollections.list(call.arguments());
      return SessionVectorFunctions.call(
          VectorFunction.named(BUILT_INS.get(call.functionName())).orElseThrow(),
          List.of(args.get(0), args.get(1)));
    }
    return rewritten;
  }
}
