package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.catalog.procedures.LanceProcedure;
import io.github.lancelot.catalog.procedures.Parameter;
import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.junit.jupiter.api.Test;

/**
 * Procedures take their arguments by name in any order or by position, as their parameters declare
 * them; a required argument given NULL is refused naming the argument; and a table a procedure
 * changes is fresh in Spark's cache.
 */
@AcrossLines
class TestProcedureArguments extends CatalogTestBase {

  private void threeVersions() {
    sql("CREATE TABLE %s (id BIGINT)", t("q"));
    sql("INSERT INTO %s VALUES (1)", t("q"));
    sql("INSERT INTO %s VALUES (2)", t("q"));
  }

  private List<Long> ids(String table) {
    return rows("SELECT id FROM %s ORDER BY id", table).stream().map(r -> r.getLong(0)).toList();
  }

  @Test
  void argumentsByNameInAnyOrderOrByPosition() {
    threeVersions();
    Row restored = rows("CALL %s.system.restore(version => '2', table => 'db.q')", catalog).get(0);
    assertThat(restored.getLong(1)).isEqualTo(2);
    assertThat(ids(t("q"))).containsExactly(1L);
    rows("CALL %s.system.create_tag('db.q', 'second', 2)", catalog);
    rows("CALL %s.system.create_tag('db.q', tag => 'third', version => 3)", catalog);
    assertThat(rows("SHOW TAGS %s", t("q")))
        .extracting(r -> r.getString(0) + "@" + r.getLong(1))
        .containsExactly("second@2", "third@3");
    rows("CALL %s.system.drop_tag('db.q', 'second')", catalog);
    rows("CALL %s.system.restore('db.q', 'third')", catalog);
    assertThat(ids(t("q"))).containsExactly(1L, 2L);
  }

  @Test
  void missingAndNullArgumentsAreNamed() {
    threeVersions();
    assertThatThrownBy(() -> sql("CALL %s.system.create_tag(table => 'db.q')", catalog))
        .hasMessageContaining("tag");
    assertThatThrownBy(
            () -> sql("CALL %s.system.create_tag(table => 'db.q', tag => NULL)", catalog))
        .hasMessageContaining("CALL system.create_tag needs argument 'tag'");
    assertThatThrownBy(() -> sql("CALL %s.system.restore(table => 'db.q')", catalog))
        .hasMessageContaining("CALL system.restore on " + t("q"))
        .hasMessageContaining("exactly one of version or timestamp");
    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.compact(table => 'db.q', target_rows_per_fragment => 0)",
                    catalog))
        .hasMessageContaining("Invalid target_rows_per_fragment 0 for table " + t("q"));
    assertThatThrownBy(
            () -> sql("CALL %s.system.restore(table => 'db.nope', version => '1')", catalog))
        .hasMessageContaining("Table " + t("nope") + " does not exist");
    assertThatThrownBy(
            () -> sql("CALL %s.system.restore(table => 'db.`unclosed', version => '1')", catalog))
        .hasMessageContaining("Invalid table name 'db.`unclosed' in CALL system.restore");
  }

  @Test
  void eachProcedureDeclaresItsParametersOnce() {
    LanceCatalog lance = (LanceCatalog) spark.sessionState().catalogManager().catalog(catalog);
    LanceProcedure cleanup =
        lance.procedure(Identifier.of(new String[] {"system"}, "cleanup_old_versions"));
    assertThat(cleanup.signature())
        .extracting(Parameter::toString)
        .containsExactly(
            "table STRING",
            "older_than TIMESTAMP DEFAULT NULL",
            "retain_versions INT DEFAULT 1",
            "dry_run BOOLEAN DEFAULT false",
            "force BOOLEAN DEFAULT false",
            "retention_hours DOUBLE DEFAULT NULL");
    assertThat(lance.procedures())
        .extracting(LanceProcedure::name)
        .containsExactly(
            "add_vector_column",
            "restore",
            "create_tag",
            "drop_tag",
            "compact",
            "cleanup_old_versions",
            "shallow_clone",
            "create_vector_index",
            "drop_vector_index");
  }

  @Test
  void aCachedTableShowsWhatRestoreAndOptimizeCommitted() {
    threeVersions();
    sql("CACHE TABLE %s", t("q"));
    assertThat(ids(t("q"))).containsExactly(1L, 2L);
    sql("RESTORE TABLE %s TO VERSION AS OF 2", t("q"));
    assertThat(ids(t("q"))).containsExactly(1L);
    sql("INSERT INTO %s VALUES (3)", t("q"));
    sql("OPTIMIZE %s", t("q"));
    assertThat(ids(t("q"))).containsExactly(1L, 3L);
    sql("ALTER TABLE %s ADD COLUMN v VECTOR(2)", t("q"));
    assertThat(spark.table(t("q")).columns()).containsExactly("id", "v");
    sql("UNCACHE TABLE %s", t("q"));
  }
}
