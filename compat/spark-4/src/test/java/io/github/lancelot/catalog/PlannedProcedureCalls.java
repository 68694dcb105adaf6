package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.spark.ScalaCollections;
import java.util.List;
import org.apache.spark.sql.catalyst.analysis.UnresolvedProcedure;
import org.apache.spark.sql.catalyst.plans.logical.Call;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/** Which procedure a parsed plan calls, as Spark 4 plans calls: Spark's own {@code Call}. */
final class PlannedProcedureCalls {
  private PlannedProcedureCalls() {}

  /** The full name of the procedure the plan calls, catalog first. */
  static List<String> procedureOf(LogicalPlan plan) {
    assertThat(plan).isInstanceOf(Call.class);
    assertThat(((Call) plan).procedure()).isInstanceOf(UnresolvedProcedure.class);
    return ScalaCollections.list(((UnresolvedProcedure) ((Call) plan).procedure()).nameParts());
  }
}
