package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code SHOW PROCEDURES} (Spark 4.1 and later) lists the catalog's procedures. */
@AcrossLines
class TestShowProcedures extends CatalogTestBase {
  @Test
  void showProceduresInSystemListsEveryProcedure() {
    List<String> listed =
        rows("SHOW PROCEDURES IN %s.system", catalog).stream()
            .map(r -> r.getString(r.fieldIndex("procedure_name")))
            .toList();
    assertThat(listed)
        .containsExactlyInAnyOrderElementsOf(
            new LanceCatalog().procedures().stream().map(p -> p.name()).toList())
        .contains("restore", "cleanup_old_versions");
  }

  @Test
  void showProceduresInAnotherNamespaceListsNone() {
    assertThat(rows("SHOW PROCEDURES IN %s.db", catalog)).isEmpty();
  }
}
