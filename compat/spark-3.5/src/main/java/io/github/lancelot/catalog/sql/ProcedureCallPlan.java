package io.github.lancelot.catalog.sql;

import io.github.lancelot.spark.ScalaCollections;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataTypes;
import scala.Tuple3;

/**
 * A procedure call on Spark 3.5, which has neither CALL nor a procedure catalog API: {@code CALL
 * cat.system.<procedure>(...)} is planned as table function {@value ProcedureCallFunction#NAME} of
 * the procedure's name and the call's arguments. Spark resolves the function during analysis, which
 * is when Spark 4 runs procedures too: it binds the arguments, runs the procedure and plans its
 * result rows ({@link ProcedureCallFunction}).
 */
public final class ProcedureCallPlan {
  private ProcedureCallPlan() {}

  /** Registers the table function that runs procedure calls with a session. */
  public static void inject(SparkSessionExtensions extensions) {
    extensions.injectTableFunction(
        new Tuple3<>(
            FunctionIdentifier.apply(ProcedureCallFunction.NAME),
            new ExpressionInfo(ProcedureCallFunction.class.getName(), ProcedureCallFunction.NAME),
            args -> ProcedureCallFunction.plan(ScalaCollections.list(args))));
  }

  static LogicalPlan of(ProcedureCall call) {
    List<Expression> args = new ArrayList<>();
    args.add(Literal.create(call.procedure().quoted(), DataTypes.StringType));
    for (ProcedureCall.Argument a : call.arguments()) {
      args.add(
          a.name()
              .<Expression>map(name -> new NamedArgumentExpression(name, a.value()))
              .orElse(a.value()));
    }
    return new UnresolvedTableValuedFunction(
        ScalaCollections.seq(List.of(ProcedureCallFunction.NAME)), ScalaCollections.seq(args));
  }
}
