package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Row lineage through SQL: every row's {@code _row_id} stays with it through UPDATE, MERGE, DELETE
 * of other rows, OPTIMIZE, RESTORE, time travel and clones, and {@code _row_last_updated_version}
 * names the version that inserted or last updated it.
 */
class TestRowLineage extends CatalogTestBase {

  /** Per value of {@code id}: its (_row_id, _row_last_updated_version), at a version or now. */
  Map<Long, List<Long>> lineage(String table, String versionClause) {
    Map<Long, List<Long>> out = new HashMap<>();
    for (Row r :
        rows("SELECT id, _row_id, _row_last_updated_version FROM %s %s", table, versionClause)) {
      out.put(r.getLong(0), List.of(r.getLong(1), r.getLong(2)));
    }
    return out;
  }

  Map<Long, List<Long>> lineage(String table) {
    return lineage(table, "");
  }

  /** Every row as "_row_id/_row_last_updated_version/id/name", sorted. */
  Set<String> everything(String table) {
    return rows("SELECT _row_id, _row_last_updated_version, id, name FROM %s", table).stream()
        .map(r -> r.get(0) + "/" + r.get(1) + "/" + r.get(2) + "/" + r.get(3))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  long version(String name) {
    return lanceTable(name).latestSnapshot().version();
  }

  void tableWithFiveRowsInTwoAppends(String name) {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t(name));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t(name));
    sql("INSERT INTO %s VALUES (4, 'd'), (5, 'e')", t(name));
  }

  @Test
  void appendedRowsGetDistinctIdsAndTheVersionThatInsertedThem() {
    tableWithFiveRowsInTwoAppends("q");

    Map<Long, List<Long>> rows = lineage(t("q"));
    assertThat(rows.values().stream().map(l -> l.get(0)))
        .as("ids count up from 0 over the appends")
        .containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    assertThat(rows)
        .containsEntry(1L, List.of(rows.get(1L).get(0), 2L))
        .containsEntry(3L, List.of(rows.get(3L).get(0), 2L))
        .containsEntry(4L, List.of(rows.get(4L).get(0), 3L))
        .containsEntry(5L, List.of(rows.get(5L).get(0), 3L));
  }

  @Test
  void theFragmentsTableShowsEachFragmentsFirstRowIdAndCommitVersion() {
    tableWithFiveRowsInTwoAppends("q");

    List<org.apache.spark.sql.Row> fragments =
        rows(
            "SELECT base_row_id, rows, row_commit_version FROM %s.fragments"
                + " ORDER BY base_row_id",
            t("q"));
    long next = 0;
    for (org.apache.spark.sql.Row f : fragments) {
      assertThat(f.getLong(0)).as("ranges follow each other from 0").isEqualTo(next);
      next += f.getLong(1);
      assertThat(f.getLong(2)).isIn(2L, 3L);
    }
    assertThat(next).isEqualTo(5);
    assertThat(fragments.get(fragments.size() - 1).getLong(2)).isEqualTo(3L);
  }

  @Test
  void anUpdateKeepsTheRowIdAndRecordsItsVersionWhileOtherRowsKeepTheirs() {
    tableWithFiveRowsInTwoAppends("q");
    Map<Long, List<Long>> before = lineage(t("q"));

    sql("UPDATE %s SET name = 'B' WHERE id = 2 OR id = 4", t("q"));

    long update = version("q");
    Map<Long, List<Long>> after = lineage(t("q"));
    assertThat(after.get(2L)).containsExactly(before.get(2L).get(0), update);
    assertThat(after.get(4L)).containsExactly(before.get(4L).get(0), update);
    assertThat(after.get(1L)).isEqualTo(before.get(1L));
    assertThat(after.get(3L)).isEqualTo(before.get(3L));
    assertThat(after.get(5L)).isEqualTo(before.get(5L));
    assertThat(rows("SELECT name FROM %s WHERE id = 2", t("q")).get(0).getString(0)).isEqualTo("B");

    sql("UPDATE %s SET name = 'BB' WHERE id = 2", t("q"));
    assertThat(lineage(t("q")).get(2L))
        .as("a row updated twice keeps its id and records the later update")
        .containsExactly(before.get(2L).get(0), version("q"));
  }

  @Test
  void aMergeUpdateKeepsTheRowIdAndAMergeInsertGetsANewOne() {
    tableWithFiveRowsInTwoAppends("q");
    Map<Long, List<Long>> before = lineage(t("q"));
    spark
        .createDataFrame(List.of(new Source(2, "B"), new Source(9, "i")), Source.class)
        .createOrReplaceTempView("src");

    sql(
        "MERGE INTO %s t USING src s ON t.id = s.id "
            + "WHEN MATCHED THEN UPDATE SET t.name = s.name "
            + "WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)",
        t("q"));

    long merge = version("q");
    Map<Long, List<Long>> after = lineage(t("q"));
    assertThat(after.get(2L)).containsExactly(before.get(2L).get(0), merge);
    assertThat(after.get(9L).get(1)).isEqualTo(merge);
    assertThat(after.get(9L).get(0))
        .as("an inserted row's id is new: above every id given before")
        .isGreaterThan(4L);
    for (long id : List.of(1L, 3L, 4L, 5L)) {
      assertThat(after.get(id)).isEqualTo(before.get(id));
    }
    assertThat(after.values().stream().map(l -> l.get(0)).distinct()).hasSize(6);
  }

  /** A row of a MERGE's source. */
  public static final class Source implements java.io.Serializable {
    private long id;
    private String name;

    public Source() {}

    Source(long id, String name) {
      this.id = id;
      this.name = name;
    }

    public long getId() {
      return id;
    }

    public void setId(long id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }
  }

  @Test
  void aDeleteLeavesTheIdsOfTheRemainingRows() {
    tableWithFiveRowsInTwoAppends("q");
    Map<Long, List<Long>> before = lineage(t("q"));

    sql("DELETE FROM %s WHERE id = 2 OR id = 5", t("q"));

    Map<Long, List<Long>> expected = new HashMap<>(before);
    expected.remove(2L);
    expected.remove(5L);
    assertThat(lineage(t("q"))).isEqualTo(expected);
  }

  @Test
  void optimizeKeepsEveryRowsIdAndLastUpdatedVersion() {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    for (int i = 0; i < 4; i++) {
      sql(
          "INSERT INTO %s VALUES (%d, 'n%d'), (%d, 'n%d')",
          t("q"), 2 * i, 2 * i, 2 * i + 1, 2 * i + 1);
    }
    sql("UPDATE %s SET name = 'updated' WHERE id IN (1, 6)", t("q"));
    sql("DELETE FROM %s WHERE id = 3", t("q"));
    Set<String> before = everything(t("q"));
    int fragmentsBefore = lanceTable("q").latestSnapshot().fragments().size();

    sql("OPTIMIZE %s", t("q"));

    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("OPTIMIZE");
    assertThat(lanceTable("q").latestSnapshot().fragments()).hasSizeLessThan(fragmentsBefore);
    assertThat(everything(t("q"))).isEqualTo(before);

    sql("UPDATE %s SET name = 'again' WHERE id = 6", t("q"));
    sql("INSERT INTO %s VALUES (100, 'new')", t("q"));
    Map<Long, List<Long>> after = lineage(t("q"));
    assertThat(after.values().stream().map(l -> l.get(0)).distinct())
        .as("ids stay unique after compaction, updates and appends")
        .hasSize(after.size());
    assertThat(after.get(6L).get(1)).isEqualTo(version("q") - 1);
  }

  @Test
  void restoreBringsBackTheIdsOfTheRestoredVersionAndNewRowsGetIdsNeverGivenBefore() {
    tableWithFiveRowsInTwoAppends("q");
    Map<Long, List<Long>> atThree = lineage(t("q"));
    sql("DELETE FROM %s WHERE id <= 2", t("q"));
    sql("UPDATE %s SET name = 'x' WHERE id = 3", t("q"));
    sql("INSERT INTO %s VALUES (6, 'f'), (7, 'g')", t("q"));
    Set<Long> idsGivenBeforeRestore =
        lineage(t("q")).values().stream().map(l -> l.get(0)).collect(Collectors.toSet());

    sql("RESTORE TABLE %s TO VERSION AS OF 3", t("q"));
    assertThat(lineage(t("q"))).isEqualTo(atThree);

    sql("INSERT INTO %s VALUES (8, 'h')", t("q"));
    long newId = lineage(t("q")).get(8L).get(0);
    assertThat(newId).isNotIn(idsGivenBeforeRestore).isGreaterThan(6L);
  }

  @Test
  void timeTravelReadsTheLineageEachVersionHad() {
    tableWithFiveRowsInTwoAppends("q");
    Map<Long, List<Long>> atThree = lineage(t("q"));
    sql("UPDATE %s SET name = 'x' WHERE id = 1", t("q"));
    Map<Long, List<Long>> atFour = lineage(t("q"));
    sql("DELETE FROM %s WHERE id = 4", t("q"));

    assertThat(lineage(t("q"), "VERSION AS OF 3")).isEqualTo(atThree);
    assertThat(lineage(t("q"), "VERSION AS OF 4")).isEqualTo(atFour);
    assertThat(atFour.get(1L)).containsExactly(atThree.get(1L).get(0), 4L);
  }

  @Test
  void aShallowCloneReadsTheSourcesLineageAndGivesNewRowsIdsOfItsOwn() {
    tableWithFiveRowsInTwoAppends("src");
    sql("UPDATE %s SET name = 'x' WHERE id = 1", t("src"));
    Map<Long, List<Long>> source = lineage(t("src"));

    sql("CREATE TABLE %s SHALLOW CLONE %s", t("copy"), t("src"));

    assertThat(lineage(t("copy"))).isEqualTo(source);
    sql("UPDATE %s SET name = 'y' WHERE id = 2", t("copy"));
    sql("INSERT INTO %s VALUES (6, 'f')", t("copy"));
    Map<Long, List<Long>> clone = lineage(t("copy"));
    assertThat(clone.get(2L)).containsExactly(source.get(2L).get(0), version("copy") - 1);
    assertThat(clone.values().stream().map(l -> l.get(0)).distinct()).hasSize(6);
    assertThat(lineage(t("src"))).as("the source is unchanged").isEqualTo(source);
  }

  @Test
  void filtersOnTheLineageColumnsSelectExactlyTheMatchingRows() {
    tableWithFiveRowsInTwoAppends("q");
    sql("UPDATE %s SET name = 'x' WHERE id = 1", t("q"));
    Map<Long, List<Long>> all = lineage(t("q"));
    long idOfOne = all.get(1L).get(0);

    assertThat(rows("SELECT id FROM %s WHERE _row_id = %d", t("q"), idOfOne))
        .extracting(r -> r.getLong(0))
        .containsExactly(1L);
    assertThat(rows("SELECT id FROM %s WHERE _row_last_updated_version = 3", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactlyInAnyOrder(4L, 5L);
    assertThat(rows("SELECT id FROM %s WHERE _row_id < 2 AND id > 0", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactlyInAnyOrderElementsOf(
            all.entrySet().stream()
                .filter(e -> e.getValue().get(0) < 2)
                .map(Map.Entry::getKey)
                .toList());
    assertThat(rows("SELECT count(*) FROM %s WHERE _row_last_updated_version >= 2", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactly(5L);
  }
}
