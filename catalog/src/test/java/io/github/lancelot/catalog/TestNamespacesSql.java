package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Namespaces are folders of the warehouse, with properties, listed, altered and dropped through
 * SQL.
 */
class TestNamespacesSql extends CatalogTestBase {

  List<String> namespaces(String in) {
    return rows("SHOW NAMESPACES IN %s", in).stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void createShowDescribeAlterAndDropNamespaces() {
    sql("CREATE NAMESPACE %s.ml COMMENT 'models' WITH DBPROPERTIES ('team'='search')", catalog);
    assertThat(Files.isDirectory(warehouse.resolve("ml"))).isTrue();
    assertThat(namespaces(catalog)).contains("db", "default", "ml");

    List<Row> described = rows("DESCRIBE NAMESPACE EXTENDED %s.ml", catalog);
    assertThat(described.toString())
        .contains("models")
        .contains("team")
        .contains("search")
        .contains("ml");

    sql("ALTER NAMESPACE %s.ml SET DBPROPERTIES ('team'='ranking')", catalog);
    assertThat(rows("DESCRIBE NAMESPACE EXTENDED %s.ml", catalog).toString()).contains("ranking");

    sql("CREATE NAMESPACE %s.ml.embeddings", catalog);
    assertThat(namespaces(catalog + ".ml")).containsExactly("ml.embeddings");

    sql("DROP NAMESPACE %s.ml CASCADE", catalog);
    assertThat(namespaces(catalog)).doesNotContain("ml");
    assertThat(Files.exists(warehouse.resolve("ml"))).isFalse();
  }

  @Test
  void creatingAnExistingNamespaceFails() {
    assertThatThrownBy(() -> sql("CREATE NAMESPACE %s.db", catalog)).hasMessageContaining("db");
    sql("CREATE NAMESPACE IF NOT EXISTS %s.db", catalog);
  }

  @Test
  void droppingANonEmptyNamespaceIsRefusedUnlessCascade() {
    sql("CREATE TABLE %s (id BIGINT)", t("t"));
    assertThatThrownBy(() -> sql("DROP NAMESPACE %s.db", catalog))
        .hasMessageContaining("db")
        .hasMessageContaining("SCHEMA_NOT_EMPTY");
    assertThat(rows("SHOW TABLES IN %s.db", catalog)).hasSize(1);
    sql("DROP NAMESPACE %s.db CASCADE", catalog);
    assertThat(namespaces(catalog)).doesNotContain("db");
  }

  @Test
  void aMissingNamespaceIsReportedByName() {
    assertThatThrownBy(() -> sql("SHOW TABLES IN %s.nowhere", catalog))
        .hasMessageContaining("nowhere");
    assertThatThrownBy(() -> sql("CREATE TABLE %s.nowhere.t (id INT)", catalog))
        .hasMessageContaining("nowhere");
  }
}
