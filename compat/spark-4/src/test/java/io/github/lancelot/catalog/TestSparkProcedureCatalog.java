package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.Arrays;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.junit.jupiter.api.Test;

/** Spark 4 sees the catalog's procedures with the parameters each one declares. */
@AcrossLines
class TestSparkProcedureCatalog {
  private final LanceCatalog catalog = new LanceCatalog();

  @Test
  void sparkParametersAreDerivedFromTheDeclaredOnes() {
    UnboundProcedure cleanup =
        catalog.loadProcedure(Identifier.of(new String[] {"system"}, "cleanup_old_versions"));
    ProcedureParameter[] derived = cleanup.bind(null).parameters();
    assertThat(Arrays.stream(derived).map(ProcedureParameter::name))
        .containsExactly(
            "table", "older_than", "retain_versions", "dry_run", "force", "retention_hours");
    assertThat(derived[0].defaultValue()).isNull();
    assertThat(derived[2].defaultValue().getSql()).isEqualTo("1");
  }

  @Test
  void everyProcedureIsListedInSystemAndNoneElsewhere() {
    assertThat(catalog.listProcedures(new String[] {"system"}))
        .extracting(Identifier::name)
        .containsExactlyElementsOf(catalog.procedures().stream().map(p -> p.name()).toList());
    assertThat(catalog.listProcedures(new String[] {"default"})).isEmpty();
  }
}
