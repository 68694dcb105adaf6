package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.testing.AcrossLines;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The change data feed of Lance tables: {@code table_changes} and the {@code readChangeFeed} read
 * option, derived from the log.
 */
@AcrossLines
class TestChangeFeed extends CatalogTestBase {

  /** The changes as "change_type version id name", sorted. */
  private List<String> changes(String table, long start, long end) {
    return rows(
            "SELECT _change_type, _commit_version, id, name FROM table_changes('%s', %d, %d)"
                + " ORDER BY _commit_version, id, _change_type",
            table, start, end)
        .stream()
        .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.get(2) + " " + r.get(3))
        .toList();
  }

  private long latestVersion(String name) {
    return lanceTable(name).latestSnapshot().version();
  }

  private void tableWithThreeRows(String name) {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t(name));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t(name));
  }

  @Test
  void anInsertYieldsItsRowsWithTheirVersionAndCommitTime() {
    tableWithThreeRows("q");
    sql("INSERT INTO %s VALUES (4, 'd')", t("q"));

    assertThat(changes(t("q"), 2, 3))
        .containsExactly("insert 2 1 a", "insert 2 2 b", "insert 2 3 c", "insert 3 4 d");
    CommitInfo v3 = lanceTable("q").snapshotAt(3).commitInfo();
    Row row = rows("SELECT * FROM table_changes('%s', 3)", t("q")).get(0);
    assertThat(row.<Timestamp>getAs("_commit_timestamp").getTime()).isEqualTo(v3.timestamp());
    assertThat(columns(String.format("SELECT * FROM table_changes('%s', 3)", t("q"))))
        .containsExactly("id", "name", "_change_type", "_commit_version", "_commit_timestamp");
  }

  @Test
  void anUpdateYieldsThePreAndPostImagesOfOnlyTheUpdatedRows() {
    tableWithThreeRows("q");
    sql("UPDATE %s SET name = 'B' WHERE id = 2", t("q"));

    assertThat(changes(t("q"), 3, 3))
        .containsExactly("update_postimage 3 2 B", "update_preimage 3 2 b");
  }

  @Test
  void aDeleteYieldsTheDeletedRows() {
    tableWithThreeRows("q");
    sql("DELETE FROM %s WHERE id <> 2", t("q"));

    assertThat(changes(t("q"), 3, 3)).containsExactly("delete 3 1 a", "delete 3 3 c");
  }

  @Test
  void aMergeYieldsItsUpdatesDeletesAndInserts() {
    tableWithThreeRows("q");
    spark
        .sql("SELECT * FROM VALUES (1, 'A'), (3, 'gone'), (9, 'i') AS src(id, name)")
        .createOrReplaceTempView("src");
    sql(
        "MERGE INTO %s t USING src s ON t.id = s.id "
            + "WHEN MATCHED AND s.name = 'gone' THEN DELETE "
            + "WHEN MATCHED THEN UPDATE SET t.name = s.name "
            + "WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)",
        t("q"));

    assertThat(changes(t("q"), 3, 3))
        .containsExactly(
            "update_postimage 3 1 A", "update_preimage 3 1 a", "delete 3 3 c", "insert 3 9 i");
  }

  @Test
  void optimizeYieldsNoChange() {
    tableWithThreeRows("q");
    sql("INSERT INTO %s VALUES (4, 'd')", t("q"));
    sql("DELETE FROM %s WHERE id = 1", t("q"));
    sql("OPTIMIZE %s", t("q"));
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("OPTIMIZE");

    assertThat(changes(t("q"), 5, 5)).isEmpty();
  }

  @Test
  void restoreYieldsTheDifferenceItMakes() {
    tableWithThreeRows("q");
    sql("UPDATE %s SET name = 'B' WHERE id = 2", t("q"));
    sql("DELETE FROM %s WHERE id = 3", t("q"));
    sql("INSERT INTO %s VALUES (4, 'd')", t("q"));
    sql("RESTORE TABLE %s TO VERSION AS OF 2", t("q"));

    assertThat(changes(t("q"), 6, 6))
        .containsExactly(
            "update_postimage 6 2 b", "update_preimage 6 2 B", "insert 6 3 c", "delete 6 4 d");
  }

  @Test
  void theReadOptionReadsTheSameChangesByCatalogNameByPathAndByTime() {
    tableWithThreeRows("q");
    sql("UPDATE %s SET name = 'B' WHERE id = 2", t("q"));
    sql("DELETE FROM %s WHERE id = 3", t("q"));
    List<Row> expected =
        rows("SELECT * FROM table_changes('%s', 3, 4) ORDER BY _commit_version, id", t("q"));
    assertThat(expected).hasSize(3);

    List<Row> byName =
        spark
            .read()
            .option("readChangeFeed", "true")
            .option("startingVersion", 3)
            .option("endingVersion", 4)
            .table(t("q"))
            .orderBy("_commit_version", "id")
            .collectAsList();
    List<Row> byPath =
        spark
            .read()
            .format("lance")
            .option("readChangeFeed", "true")
            .option("startingVersion", 3)
            .load(lanceTable("q").location())
            .orderBy("_commit_version", "id")
            .collectAsList();
    String from = new Timestamp(lanceTable("q").snapshotAt(3).timestamp()).toInstant().toString();
    String to = new Timestamp(lanceTable("q").snapshotAt(4).timestamp()).toInstant().toString();
    List<Row> byTime =
        rows(
            "SELECT * FROM table_changes('%s', '%s', '%s') ORDER BY _commit_version, id",
            t("q"), from, to);

    assertThat(byName).isEqualTo(expected);
    assertThat(byPath).isEqualTo(expected);
    assertThat(byTime).isEqualTo(expected);
  }

  @Test
  void aColumnAddedInTheRangeReadsNullInTheChangesOfOlderRows() {
    tableWithThreeRows("q");
    sql("ALTER TABLE %s ADD COLUMN score INT", t("q"));
    sql("INSERT INTO %s VALUES (4, 'd', 7)", t("q"));

    assertThat(
            rows("SELECT id, score FROM table_changes('%s', 2, 4) ORDER BY id", t("q")).stream()
                .map(Row::toString)
                .toList())
        .containsExactly("[1,null]", "[2,null]", "[3,null]", "[4,7]");
  }

  @Test
  void aRangeThatCleanupRemovedFailsNamingTheVersionsAndLeavesTheTableUnchanged() {
    sql(
        "CREATE TABLE %s (id BIGINT, name STRING)"
            + " TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t("q"));
    sql("INSERT INTO %s VALUES (1, 'a')", t("q"));
    sql("INSERT INTO %s VALUES (2, 'b')", t("q"));
    sql("INSERT INTO %s VALUES (3, 'c')", t("q"));
    sql("VACUUM %s RETAIN 0 HOURS", t("q"));
    long oldest = lanceTable("q").versions().get(0);
    assertThat(oldest).isEqualTo(4);

    assertThatThrownBy(() -> changes(t("q"), 2, 4))
        .hasMessageContaining("Cannot read the changes of table ")
        .hasMessageContaining("/db/q from version 2 to version 4")
        .hasMessageContaining("which cleanup removed; the oldest version kept is 4");
    assertThat(latestVersion("q")).isEqualTo(4);
    assertThat(rows("SELECT id FROM %s ORDER BY id", t("q"))).hasSize(3);
  }

  @Test
  void badRangesAndOptionsFailNamingTheTableAndLeaveItUnchanged() {
    tableWithThreeRows("q");
    String location = lanceTable("q").location();

    assertThatThrownBy(() -> changes(t("q"), 2, 1))
        .hasMessageContaining(
            "Cannot read the changes of table "
                + t("q")
                + " from version 2 to version 1: the starting version is after the ending"
                + " version");
    assertThatThrownBy(() -> changes(t("q"), 2, 9))
        .hasMessageContaining(location)
        .hasMessageContaining("from version 2 to version 9: the latest version is 2");
    assertThatThrownBy(
            () ->
                spark
                    .read()
                    .option("readChangeFeed", "maybe")
                    .option("startingVersion", 1)
                    .table(t("q"))
                    .collectAsList())
        .hasMessageContaining("Invalid change feed option readChangeFeed 'maybe'");
    assertThatThrownBy(
            () ->
                spark
                    .read()
                    .format("lance")
                    .option("readChangeFeed", "true")
                    .option("startingVersion", "first")
                    .load(location)
                    .collectAsList())
        .hasMessageContaining(
            "Invalid change feed option startingVersion 'first': expected a version number");
    assertThatThrownBy(
            () -> spark.read().option("readChangeFeed", "true").table(t("q")).collectAsList())
        .hasMessageContaining(
            "Cannot read the changes of table "
                + t("q")
                + ": give the first version with startingVersion or startingTimestamp");
    assertThatThrownBy(() -> sql("SELECT * FROM table_changes('%s')", t("q")))
        .hasMessageContaining("Invalid call of table_changes: it takes 2 or 3 arguments, not 1");
    assertThatThrownBy(() -> sql("SELECT * FROM table_changes('%s', 1)", catalog + ".db.nope"))
        .hasMessageContaining("Table " + catalog + ".db.nope does not exist");

    assertThat(latestVersion("q")).isEqualTo(2);
    assertThat(rows("SELECT id FROM %s", t("q"))).hasSize(3);
  }

  @Test
  void aTableWithAColumnNamedLikeAChangeFeedColumnIsRefusedNamingTheColumn() {
    sql("CREATE TABLE %s (id BIGINT, _Change_Type STRING)", t("clash"));
    sql("INSERT INTO %s VALUES (1, 'mine')", t("clash"));

    assertThatThrownBy(() -> sql("SELECT * FROM table_changes('%s', 1)", t("clash")))
        .hasMessageContaining(
            "Cannot read the changes of table "
                + t("clash")
                + ": its column _Change_Type has the name of a change feed column");
    assertThat(latestVersion("clash")).isEqualTo(2);
    assertThat(rows("SELECT _Change_Type FROM %s", t("clash")).get(0).getString(0))
        .isEqualTo("mine");
  }

  /**
   * The oracle: for a seeded random sequence of appends, updates, deletes, merges, compactions and
   * restores, applying the changes of the versions after a up to b (table_changes(t, a + 1, b)) to
   * the rows of version a, keyed by row id, gives exactly the rows of version b.
   */
  @Test
  void applyingTheChangesOfAnyRangeToItsStartGivesItsEnd() {
    Random random = new Random(20261203L);
    sql("CREATE TABLE %s (id BIGINT, name STRING, score INT)", t("q"));
    sql(
        "INSERT INTO %s SELECT id, concat('n', id), CAST(id %% 7 AS INT) FROM range(0, 200)",
        t("q"));
    long nextId = 200;
    for (int step = 0; step < 15; step++) {
      long version = latestVersion("q");
      switch (random.nextInt(6)) {
        case 0 -> {
          int n = 1 + random.nextInt(30);
          sql(
              "INSERT INTO %s SELECT id, concat('a', id), CAST(id %% 5 AS INT) FROM range(%d, %d)",
              t("q"), nextId, nextId + n);
          nextId += n;
        }
        case 1 ->
            sql(
                "UPDATE %s SET score = score + 1, name = concat(name, 'u') WHERE id %% %d = %d",
                t("q"), 5 + random.nextInt(5), random.nextInt(5));
        case 2 -> sql("DELETE FROM %s WHERE id %% %d = %d", t("q"), 7 + random.nextInt(9), 1);
        case 3 -> {
          long from = random.nextInt((int) nextId);
          spark
              .sql(
                  String.format(
                      "SELECT id, concat('m', id) AS name, CAST(id %% 3 AS INT) AS score"
                          + " FROM range(%d, %d)",
                      from, from + 40))
              .createOrReplaceTempView("src");
          sql(
              "MERGE INTO %s t USING src s ON t.id = s.id "
                  + "WHEN MATCHED AND s.score = 0 THEN DELETE "
                  + "WHEN MATCHED THEN UPDATE SET t.name = s.name, t.score = s.score "
                  + "WHEN NOT MATCHED THEN INSERT *",
              t("q"));
          nextId = Math.max(nextId, from + 40);
        }
        case 4 -> sql("OPTIMIZE %s", t("q"));
        default -> {
          long target = Math.max(2, version - 1 - random.nextInt(3));
          if (target < version) {
            sql("RESTORE TABLE %s TO VERSION AS OF %d", t("q"), target);
          }
        }
      }
    }
    long latest = latestVersion("q");
    assertThat(lanceTable("q").history().stream().map(CommitInfo::operation))
        .contains("APPEND", "UPDATE", "DELETE", "MERGE", "OPTIMIZE", "RESTORE");
    List<long[]> ranges = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long a = 1 + random.nextInt((int) latest - 1);
      ranges.add(new long[] {a, a + 1 + random.nextInt((int) (latest - a))});
    }
    ranges.add(new long[] {1, latest});
    for (long[] range : ranges) {
      Map<Long, String> rows = rowsById(range[0]);
      List<Row> feed =
          rows(
              "SELECT _commit_version, _change_type, _row_id, id, name, score"
                  + " FROM table_changes('%s', %d, %d) ORDER BY _commit_version",
              t("q"), range[0] + 1, range[1]);
      for (long v = range[0] + 1; v <= range[1]; v++) {
        for (Row change : feed) {
          String type = change.getString(1);
          if (change.getLong(0) == v && (type.equals("delete") || type.equals("update_preimage"))) {
            assertThat(rows.remove(change.getLong(2)))
                .as("row removed by %s", change)
                .isEqualTo(change.get(3) + " " + change.get(4) + " " + change.get(5));
          }
        }
        for (Row change : feed) {
          String type = change.getString(1);
          if (change.getLong(0) == v
              && (type.equals("insert") || type.equals("update_postimage"))) {
            assertThat(
                    rows.put(
                        change.getLong(2),
                        change.get(3) + " " + change.get(4) + " " + change.get(5)))
                .as("row added by %s", change)
                .isNull();
          }
        }
      }
      assertThat(rows).as("versions %d..%d", range[0], range[1]).isEqualTo(rowsById(range[1]));
    }
  }

  private Map<Long, String> rowsById(long version) {
    Map<Long, String> rows = new TreeMap<>();
    for (Row r :
        rows("SELECT _row_id, id, name, score FROM %s VERSION AS OF %d", t("q"), version)) {
      rows.put(r.getLong(0), r.get(1) + " " + r.get(2) + " " + r.get(3));
    }
    return rows;
  }
}
