package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every Lancelot statement takes the identifiers Spark takes: backquoted parts holding dots,
 * spaces, backquotes and letters of any script; and unquoted parts with letters of any script.
 */
@AcrossLines
class TestIdentifiersInStatements extends CatalogTestBase {
  private String table;

  @BeforeEach
  void tableWithAwkwardName() {
    sql("CREATE NAMESPACE %s.`my db`", catalog);
    table = catalog + ".`my db`.`quötes.v2`";
    sql("CREATE TABLE %s (id BIGINT, quote STRING)", table);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b')", table);
    sql("INSERT INTO %s VALUES (3, 'c')", table);
  }

  private long count(String name) {
    return rows("SELECT count(*) FROM %s", name).get(0).getLong(0);
  }

  @Test
  void describeHistoryAndShowTags() {
    assertThat(rows("DESCRIBE HISTORY %s LIMIT 1", table))
        .extracting(r -> r.getLong(0))
        .containsExactly(3L);
    sql("ALTER TABLE %s CREATE TAG `first.good-1` AS OF VERSION 2", table);
    sql("ALTER TABLE %s CREATE TAG 'zweite-2'", table);
    assertThat(rows("SHOW TAGS IN %s", table))
        .extracting(r -> r.getString(0) + "@" + r.getLong(1))
        .containsExactly("first.good-1@2", "zweite-2@3");
    sql("ALTER TABLE %s DROP TAG `first.good-1`", table);
    sql("ALTER TABLE %s DROP TAG IF EXISTS `first.good-1`", table);
    assertThat(rows("SHOW TAGS %s", table)).hasSize(1);
  }

  @Test
  void restoreAndAddVectorColumn() {
    sql("RESTORE TABLE %s TO VERSION AS OF 2", table);
    assertThat(count(table)).isEqualTo(2);
    sql("ALTER TABLE %s ADD COLUMN `vëc tor` VECTOR(2) OF DOUBLE COMMENT 'ünïcode'", table);
    assertThat(spark.table(table).schema().apply("vëc tor").dataType().simpleString())
        .isEqualTo("array<double>");
  }

  @Test
  void optimizeVacuumAndShallowClone() {
    sql("DELETE FROM %s WHERE id = 1", table);
    Row optimized = rows("OPTIMIZE %s WHERE quote != 'ö'", table).get(0);
    assertThat(optimized.getString(0)).isEqualTo(catalog + ".my db.quötes.v2");
    assertThat(rows("VACUUM %s DRY RUN", table).get(0).getBoolean(3)).isTrue();
    String clone = catalog + ".`my db`.`klön ``eins```";
    sql("CREATE TABLE %s SHALLOW CLONE %s VERSION AS OF 3", clone, table);
    assertThat(count(clone)).isEqualTo(3);
    assertThat(rows("SHOW TABLES IN %s.`my db`", catalog))
        .extracting(r -> r.getString(1))
        .contains("klön `eins`", "quötes.v2");
  }

  @Test
  void unquotedPartsMayHoldLettersOfAnyScript() {
    sql("CREATE TABLE %s.`my db`.`zitate_ü` (id BIGINT)", catalog);
    sql("INSERT INTO %s.`my db`.`zitate_ü` VALUES (1)", catalog);
    sql("USE %s.`my db`", catalog);
    assertThat(rows("DESCRIBE HISTORY zitate_ü")).hasSize(2);
    List<Row> restored = rows("RESTORE zitate_ü TO VERSION AS OF 1");
    assertThat(restored.get(0).getLong(2)).isEqualTo(3);
  }
}
