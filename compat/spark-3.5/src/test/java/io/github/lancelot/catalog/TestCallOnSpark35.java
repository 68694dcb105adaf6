package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/**
 * Spark 3.5 has no CALL: Lancelot's SQL extension parses it for Lance catalogs and binds the
 * arguments itself, as Spark 4 does. A call runs when the statement is analyzed, its result rows
 * are typed as the procedure declares them, binding errors name the procedure and argument, and a
 * call of another catalog's procedure is a clear error.
 */
@AcrossLines
class TestCallOnSpark35 extends CatalogTestBase {
  private void twoVersions() {
    sql("CREATE TABLE %s (id BIGINT)", t("q"));
    sql("INSERT INTO %s VALUES (1)", t("q"));
  }

  private List<String> tags() {
    return rows("SELECT name, version FROM %s.tags ORDER BY name", t("q")).stream()
        .map(r -> r.getString(0) + "@" + r.getLong(1))
        .toList();
  }

  @Test
  void aCallRunsWhenTheStatementIsAnalyzedAndReturnsTypedRows() {
    twoVersions();
    Dataset<Row> result =
        sql("CALL %s.system.create_tag(table => 'db.q', tag => 'v1', version => 1)", catalog);
    assertThat(tags()).containsExactly("v1@1");
    assertThat(result.schema().fieldNames()).containsExactly("name", "version", "created");
    assertThat(result.schema().apply("version").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(result.collectAsList())
        .extracting(r -> r.getString(0) + "@" + r.getLong(1))
        .containsExactly("v1@1");
    assertThat(tags())
        .as("collecting the rows does not run the call again")
        .containsExactly("v1@1");
  }

  @Test
  void defaultsFillWhatACallLeavesOutAndValuesAreCastToTheParameterTypes() {
    twoVersions();
    rows("CALL %s.system.create_tag('db.q', 'latest')", catalog);
    rows("CALL %s.system.create_tag('db.q', 'first', CAST('1' AS INT))", catalog);
    assertThat(tags()).containsExactly("first@1", "latest@2");
    rows("CALL %s.system.drop_tag(table => 'db.q', tag => 'gone', if_exists => true)", catalog);
    assertThatThrownBy(() -> sql("CALL %s.system.drop_tag('db.q', 'gone')", catalog))
        .hasMessageContaining("has no tag 'gone'");
    Row restored = rows("CALL %s.system.restore(table => 'db.q', version => 1)", catalog).get(0);
    assertThat(restored.getLong(1)).isEqualTo(1);
    assertThat(restored.getLong(2)).isEqualTo(3);
  }

  @Test
  void bindingErrorsNameTheProcedureAndTheArgument() {
    twoVersions();
    assertThatThrownBy(
            () -> sql("CALL %s.system.create_tag(table => 'db.q', label => 'x')", catalog))
        .hasMessageContaining("CALL system.create_tag has no parameter 'label'")
        .hasMessageContaining("its parameters are table, tag, version");
    assertThatThrownBy(
            () ->
                sql("CALL %s.system.create_tag(table => 'db.q', tag => 'a', tag => 'b')", catalog))
        .hasMessageContaining("CALL system.create_tag gives argument 'tag' more than once");
    assertThatThrownBy(() -> sql("CALL %s.system.create_tag(table => 'db.q', 'a')", catalog))
        .hasMessageContaining("positional arguments come first");
    assertThatThrownBy(() -> sql("CALL %s.system.create_tag('db.q', 'a', 1, 2)", catalog))
        .hasMessageContaining("CALL system.create_tag takes at most 3 arguments, but 4 were given");
    assertThatThrownBy(() -> sql("CALL %s.system.create_tag('db.q', 'a', array(1))", catalog))
        .hasMessageContaining(
            "needs argument 'version' of type BIGINT, but it is of type ARRAY<INT>");
    assertThatThrownBy(() -> sql("CALL %s.system.nope('db.q')", catalog))
        .hasMessageContaining("system.nope");
    assertThatThrownBy(() -> sql("CALL %s.system.create_tag('db.q', 'a', (1", catalog))
        .hasMessageContaining("PARSE_SYNTAX_ERROR");
    assertThat(tags()).isEmpty();
  }

  @Test
  void aCallOfAnotherCatalogsProcedureIsAClearError() {
    assertThatThrownBy(
            () -> sql("CALL spark_catalog.system.restore(table => 'default.t', version => '1')"))
        .hasMessageContaining(
            "Cannot CALL spark_catalog.system.restore: catalog spark_catalog is not a Lance catalog");
    assertThatThrownBy(() -> sql("CALL system.restore('default.t', '1')"))
        .as("a name without a catalog is in the current one, spark_catalog")
        .hasMessageContaining("catalog spark_catalog is not a Lance catalog");
    sql("USE %s", catalog);
    twoVersions();
    rows("CALL system.create_tag('db.q', 'current')");
    assertThat(tags()).containsExactly("current@2");
  }
}
