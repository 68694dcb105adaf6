package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.QueryExecution;
import org.junit.jupiter.api.Test;

/** OPTIMIZE, VACUUM and SHALLOW CLONE through SQL and their procedures. */
class TestMaintenanceSql extends CatalogTestBase {

  List<String> rowsOf(String table) {
    return rows("SELECT * FROM %s", table).stream().map(Row::toString).sorted().toList();
  }

  void smallAppends(String name, int appends) {
    sql(
        "CREATE TABLE %s (id BIGINT, day INT) TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t(name));
    for (int i = 0; i < appends; i++) {
      sql("INSERT INTO %s VALUES (%d, %d), (%d, %d)", t(name), i * 2, i % 3, i * 2 + 1, i % 3);
    }
  }

  @Test
  void optimizeMergesFragmentsKeepingRowsAndTimeTravel() {
    smallAppends("q", 6);
    sql("DELETE FROM %s WHERE id = 3", t("q"));
    List<String> before = rowsOf(t("q"));
    long versionBefore = lanceTable("q").latestSnapshot().version();
    Row result = rows("OPTIMIZE %s", t("q")).get(0);
    assertThat(result.getLong(1)).isEqualTo(versionBefore + 1);
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(before);
    assertThat(lanceTable("q").latestSnapshot().fragments()).hasSize(1);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("OPTIMIZE");
    assertThat(rowsOf(t("q") + " VERSION AS OF " + versionBefore))
        .containsExactlyElementsOf(before);
  }

  @Test
  void optimizeWhereCompactsOnlyTheFragmentsHoldingMatchingRows() {
    smallAppends("q", 6);
    sql("OPTIMIZE %s WHERE day = 1", t("q"));
    var fragments = lanceTable("q").latestSnapshot().fragments();
    assertThat(
            rows("SELECT count(DISTINCT _fragment_id) FROM %s WHERE day = 1", t("q"))
                .get(0)
                .getLong(0))
        .isEqualTo(1);
    assertThat(
            rows("SELECT count(DISTINCT _fragment_id) FROM %s WHERE day = 0", t("q"))
                .get(0)
                .getLong(0))
        .isGreaterThan(1);
    assertThat(fragments.size()).isLessThan(12);
    assertThat(rows("SELECT count(*) FROM %s", t("q")).get(0).getLong(0)).isEqualTo(12);
  }

  @Test
  void vacuumDryRunListsWhatVacuumRemoves() throws Exception {
    smallAppends("q", 4);
    sql("OPTIMIZE %s", t("q"));
    List<String> current = rowsOf(t("q"));
    Row dry = rows("VACUUM %s RETAIN 0 HOURS DRY RUN", t("q")).get(0);
    assertThat(dry.getBoolean(3)).isTrue();
    List<String> listed = dry.getList(1);
    assertThat(listed).isNotEmpty();
    assertThat(listed)
        .allSatisfy(
            f -> assertThat(Files.exists(java.nio.file.Path.of(java.net.URI.create(f)))).isTrue());

    Row done = rows("VACUUM %s RETAIN 0 HOURS", t("q")).get(0);
    assertThat(done.<String>getList(1)).containsExactlyInAnyOrderElementsOf(listed);
    assertThat(listed)
        .allSatisfy(
            f -> assertThat(Files.exists(java.nio.file.Path.of(java.net.URI.create(f)))).isFalse());
    assertThat(done.getLong(2)).isPositive();
    assertThat(rowsOf(t("q"))).containsExactlyElementsOf(current);
    assertThatThrownBy(() -> sql("SELECT * FROM %s VERSION AS OF 2", t("q")))
        .hasMessageContaining("removed by cleanup");
    long versions = lanceTable("q").versions().size();
    assertThatThrownBy(() -> sql("RESTORE TABLE %s TO VERSION AS OF 2", t("q")))
        .hasMessageContaining("removed by cleanup");
    assertThat(lanceTable("q").versions()).hasSize((int) versions);
  }

  @Test
  void vacuumTakesItsCutOffWhenItRunsNotWhenItIsParsed() throws Exception {
    smallAppends("q", 1);
    long committed = System.currentTimeMillis();
    // RETAIN 0.001 HOURS is 3.6 seconds: counted back from the parse, the cut-off would fall before
    // both versions; counted back from the run below, it falls after them.
    LogicalPlan plan =
        spark
            .sessionState()
            .sqlParser()
            .parsePlan(String.format("VACUUM %s RETAIN 0.001 HOURS", t("q")));
    while (System.currentTimeMillis() <= committed + 3_700) {
      Thread.sleep(100);
    }
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    QueryExecution run =
        spark.sessionState().executePlan(plan, spark.sessionState().executePlan$default$2());
    run.executedPlan().executeCollect();
    assertThat(lanceTable("q").versions()).containsExactly(2L);
    assertThat(rowsOf(t("q"))).containsExactly("[0,0]", "[1,0]");
  }

  @Test
  void cleanupTakesARetentionInHoursOrATimeButNotBoth() {
    smallAppends("q", 1);
    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.cleanup_old_versions(table => 'db.q', retention_hours => 1,"
                        + " older_than => TIMESTAMP '2020-01-01 00:00:00')",
                    catalog))
        .hasMessageContaining("takes older_than or retention_hours, not both");
    assertThatThrownBy(
            () ->
                sql(
                    "CALL %s.system.cleanup_old_versions(table => 'db.q', retention_hours => -2,"
                        + " force => true)",
                    catalog))
        .hasMessageContaining("retention_hours must be a number of hours of 0 or more, not -2.0");
    assertThat(lanceTable("q").versions()).as("nothing removed").hasSize(2);
    Row r =
        rows("CALL %s.system.cleanup_old_versions(table => 'db.q', retention_hours => 0)", catalog)
            .get(0);
    assertThat(r.<Long>getList(0)).containsExactly(1L);
  }

  @Test
  void vacuumRefusesARetentionBelowTheThresholdUnlessTheCheckIsOff() {
    sql("CREATE TABLE %s AS SELECT 1L AS id", t("q"));
    sql("INSERT INTO %s VALUES (2)", t("q"));
    assertThatThrownBy(() -> sql("VACUUM %s RETAIN 1 HOURS", t("q")))
        .hasMessageContaining("below the threshold of 168 hours");
    spark.conf().set("spark.lancelot.cleanup.retentionCheck.enabled", "false");
    try {
      Row r = rows("VACUUM %s RETAIN 0 HOURS", t("q")).get(0);
      assertThat(r.<Long>getList(0)).containsExactly(1L);
    } finally {
      spark.conf().unset("spark.lancelot.cleanup.retentionCheck.enabled");
    }
    assertThat(rowsOf(t("q"))).containsExactly("[1]", "[2]");
  }

  @Test
  void shallowClonesEvolveIndependentlyAndSurviveSourceCleanup() throws Exception {
    smallAppends("src", 3);
    List<String> v2 = rowsOf(t("src") + " VERSION AS OF 2");
    sql("CREATE TABLE %s SHALLOW CLONE %s VERSION AS OF 2", t("exp"), t("src"));
    assertThat(rowsOf(t("exp"))).containsExactlyElementsOf(v2);
    assertThat(lanceTable("exp").versions()).containsExactly(1L);

    sql("ALTER TABLE %s ADD COLUMN vector_mpnet VECTOR(2)", t("exp"));
    sql("UPDATE %s SET vector_mpnet = array(1.0f, 2.0f)", t("exp"));
    sql("DELETE FROM %s WHERE id = 0", t("src"));
    assertThat(spark.table(t("src")).columns()).doesNotContain("vector_mpnet");
    assertThat(rows("SELECT count(*) FROM %s WHERE id = 0", t("exp")).get(0).getLong(0))
        .isEqualTo(1);
    List<String> exp = rowsOf(t("exp"));

    sql("DELETE FROM %s WHERE id >= 0", t("src"));
    sql("VACUUM %s RETAIN 0 HOURS", t("src"));
    assertThat(rowsOf(t("exp"))).containsExactlyElementsOf(exp);
    rows("CALL %s.system.shallow_clone(source => 'db.exp', target => 'db.exp2')", catalog);
    assertThat(rowsOf(t("exp2"))).containsExactlyElementsOf(exp);
    assertThatThrownBy(() -> sql("CREATE TABLE %s SHALLOW CLONE %s", t("exp"), t("src")))
        .hasMessageContaining("exp");

    sql("DROP TABLE %s", t("exp2"));
    sql("DROP TABLE %s", t("exp"));
    sql("VACUUM %s RETAIN 0 HOURS", t("src"));
    try (var files = Files.list(warehouse.resolve("db").resolve("src").resolve("data"))) {
      assertThat(files.filter(f -> f.toString().endsWith(".arrow"))).isEmpty();
    }
  }
}
