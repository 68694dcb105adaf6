package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Spark 4.2's {@code CHANGES FROM VERSION ... TO VERSION ...} on Lance tables: the catalog's
 * changelog is the table's change feed, and Spark's deduplication modes apply to it.
 */
@AcrossLines
class TestChangelogSql extends CatalogTestBase {
  private List<String> changes(String query, Object... args) {
    return rows(query, args).stream().map(Row::toString).toList();
  }

  private void tableWithUpdatesAndADelete() {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t("q"));
    sql("UPDATE %s SET name = 'B' WHERE id = 2", t("q"));
    sql("UPDATE %s SET name = 'BB' WHERE id = 2", t("q"));
    sql("DELETE FROM %s WHERE id = 3", t("q"));
  }

  @Test
  void theChangesClauseReadsTheTablesChangeFeed() {
    tableWithUpdatesAndADelete();

    String columns = "id, name, _change_type, _commit_version";
    List<String> viaClause =
        changes(
            "SELECT %s FROM %s CHANGES FROM VERSION 3 TO VERSION 5"
                + " ORDER BY _commit_version, id, _change_type",
            columns, t("q"));
    assertThat(viaClause)
        .isEqualTo(
            changes(
                "SELECT %s FROM table_changes('%s', 3, 5) ORDER BY _commit_version, id,"
                    + " _change_type",
                columns, t("q")))
        .hasSize(5);
  }

  @Test
  void netChangesGiveEachRowsStateBeforeAndAfterTheRange() {
    tableWithUpdatesAndADelete();

    String query =
        "SELECT id, name, _change_type FROM %s CHANGES FROM VERSION 3 TO VERSION 5"
            + " WITH ('deduplicationMode' = 'netChanges'%s) ORDER BY id, _change_type";
    assertThat(changes(query, t("q"), ""))
        .containsExactly("[2,b,delete]", "[2,BB,insert]", "[3,c,delete]");
    assertThat(changes(query, t("q"), ", 'computeUpdates' = 'true'"))
        .containsExactly("[2,BB,update_postimage]", "[2,b,update_preimage]", "[3,c,delete]");
  }

  @Test
  void dropCarryoversKeepsEveryVersionsChanges() {
    tableWithUpdatesAndADelete();

    assertThat(
            changes(
                "SELECT id, name, _change_type, _commit_version FROM %s CHANGES FROM VERSION 3"
                    + " TO VERSION 5 WITH ('deduplicationMode' = 'dropCarryovers')"
                    + " ORDER BY _commit_version, id, _change_type",
                t("q")))
        .containsExactly(
            "[2,B,update_postimage,3]",
            "[2,b,update_preimage,3]",
            "[2,BB,update_postimage,4]",
            "[2,B,update_preimage,4]",
            "[3,c,delete,5]");
  }
}
