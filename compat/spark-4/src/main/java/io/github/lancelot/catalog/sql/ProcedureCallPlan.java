package io.github.lancelot.catalog.sql;

import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedProcedure;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.plans.logical.Call;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * A procedure call as Spark 4 plans {@code CALL cat.system.<procedure>(name => value, ...)}: Spark
 * finds the procedure in the catalog, binds the arguments and runs it.
 */
final class ProcedureCallPlan {
  private ProcedureCallPlan() {}

  static LogicalPlan of(ProcedureCall call) {
    UnresolvedProcedure procedure =
        new UnresolvedProcedure(
            StatementPlans.seq(List.of(call.catalog(), ProcedureCall.NAMESPACE, call.procedure())));
    List<Expression> args =
        call.arguments().stream()
            .<Expression>map(a -> new NamedArgumentExpression(a.name(), a.value()))
            .toList();
    return new Call(procedure, StatementPlans.seq(args), true);
  }
}
