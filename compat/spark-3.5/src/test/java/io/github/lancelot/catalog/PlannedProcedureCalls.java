package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.spark.ScalaCollections;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/**
 * Which procedure a parsed plan calls, as Lancelot plans calls on Spark 3.5: its table function
 * {@code lancelot_call}, whose first argument is the procedure's full name.
 */
final class PlannedProcedureCalls {
  private PlannedProcedureCalls() {}

  /** The full name of the procedure the plan calls, catalog first. */
  static List<String> procedureOf(LogicalPlan plan) throws ParseException {
    assertThat(plan).isInstanceOf(UnresolvedTableValuedFunction.class);
    UnresolvedTableValuedFunction function = (UnresolvedTableValuedFunction) plan;
    assertThat(ScalaCollections.list(function.name())).containsExactly("lancelot_call");
    Literal name = (Literal) function.functionArgs().head();
    return ScalaCollections.list(
        SparkSession.active()
            .sessionState()
            .sqlParser()
            .parseMultipartIdentifier(name.value().toString()));
  }
}
