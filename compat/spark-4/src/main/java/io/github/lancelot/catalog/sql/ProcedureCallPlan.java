package io.github.lancelot.catalog.sql;

import io.github.lancelot.spark.ScalaCollections;
import java.util.List;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.UnresolvedProcedure;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.plans.logical.Call;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * A procedure call as Spark 4 plans {@code CALL cat.system.<procedure>(...)}: Spark finds the
 * procedure in the catalog (through its procedure catalog API), binds the arguments by position or
 * name and runs it during analysis.
 */
public final class ProcedureCallPlan {
  private ProcedureCallPlan() {}

  /** Nothing to add to a session: Spark 4 runs procedure calls itself. */
  public static void inject(SparkSessionExtensions extensions) {}

  static LogicalPlan of(ProcedureCall call) {
    UnresolvedProcedure procedure =
        new UnresolvedProcedure(ScalaCollections.seq(call.procedure().withCatalog()));
    List<Expression> args =
        call.arguments().stream()
            .map(
                a ->
                    a.name()
                        .<Expression>map(name -> new NamedArgumentExpression(name, a.value()))
                        .orElse(a.value()))
            .toList();
    return new Call(procedure, ScalaCollections.seq(args), true);
  }
}
