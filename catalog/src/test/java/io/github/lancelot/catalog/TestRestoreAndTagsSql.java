package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** RESTORE as a new version with history kept, and tags naming versions. */
@AcrossLines
class TestRestoreAndTagsSql extends CatalogTestBase {

  String state(String versionClause) {
    var df = spark.sql("SELECT * FROM " + t("q") + " " + versionClause);
    return String.join(",", df.schema().fieldNames())
        + " | "
        + df.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  long filesIn(String folder) throws IOException {
    Path p = warehouse.resolve("db").resolve("q").resolve(folder);
    if (!Files.exists(p)) {
      return 0;
    }
    try (var files = Files.list(p)) {
      return files.filter(f -> !f.getFileName().toString().endsWith(".crc")).count();
    }
  }

  /** Versions 1..6 with data and schema changes between them. */
  Map<Long, String> sixVersions() {
    sql("CREATE TABLE %s (id BIGINT, quote STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t("q"));
    sql("UPDATE %s SET quote = 'B' WHERE id = 2", t("q"));
    sql("ALTER TABLE %s ADD COLUMN vector_minilm VECTOR(2)", t("q"));
    sql("UPDATE %s SET vector_minilm = array(1.0f, cast(id AS float))", t("q"));
    sql("ALTER TABLE %s RENAME COLUMN quote TO text", t("q"));
    Map<Long, String> states = new TreeMap<>();
    for (long v = 1; v <= 6; v++) {
      states.put(v, state("VERSION AS OF " + v));
    }
    return states;
  }

  @Test
  void restoringEachEarlierVersionIsANewVersionEqualToItAndKeepsHistory() throws IOException {
    Map<Long, String> states = sixVersions();
    long next = 7;
    for (long target = 1; target <= 5; target++) {
      long dataFiles = filesIn("data");
      long deletionFiles = filesIn("_deletions");
      List<Row> result = rows("RESTORE TABLE %s TO VERSION AS OF %d", t("q"), target);
      assertThat(result.get(0).getLong(1)).isEqualTo(target);
      assertThat(result.get(0).getLong(2)).isEqualTo(next);
      assertThat(state("")).as("restored to v%d", target).isEqualTo(states.get(target));
      assertThat(filesIn("data")).as("data files written by a restore").isEqualTo(dataFiles);
      assertThat(filesIn("_deletions")).isEqualTo(deletionFiles);
      for (long v = 1; v <= 6; v++) {
        assertThat(state("VERSION AS OF " + v))
            .as("v%d after restoring v%d", v, target)
            .isEqualTo(states.get(v));
      }
      assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("RESTORE");
      assertThat(lanceTable("q").latestSnapshot().commitInfo().operationParameters())
          .containsEntry("version", "" + target);
      next++;
    }
    sql("ALTER TABLE %s ADD COLUMN later STRING", t("q"));
    assertThat(lanceTable("q").latestSnapshot().schema().column("later").orElseThrow().id())
        .as("a new column never takes the id of vector_minilm (3), which v1 did not have")
        .isEqualTo(4);
  }

  @Test
  void restoreByTimestampByTagAndByProcedure() {
    Map<Long, String> states = sixVersions();
    java.sql.Timestamp v3 =
        rows("SELECT timestamp FROM %s.history WHERE version = 3", t("q")).get(0).getTimestamp(0);
    sql("RESTORE %s TO TIMESTAMP AS OF '%s'", t("q"), v3);
    assertThat(state("")).isEqualTo(states.get(3L));
    sql("ALTER TABLE %s CREATE TAG baseline AS OF VERSION 2", t("q"));
    sql("RESTORE TABLE %s TO VERSION AS OF baseline", t("q"));
    assertThat(state("")).isEqualTo(states.get(2L));
    rows("CALL %s.system.restore(table => 'db.q', version => '5')", catalog);
    assertThat(state("")).isEqualTo(states.get(5L));
    assertThat(lanceTable("q").versions()).hasSize(9);
  }

  @Test
  void restoringAVersionThatDoesNotExistFailsAndCommitsNothing() {
    sixVersions();
    assertThatThrownBy(() -> sql("RESTORE TABLE %s TO VERSION AS OF 42", t("q")))
        .hasMessageContaining("has no version 42");
    assertThatThrownBy(() -> sql("RESTORE TABLE %s TO VERSION AS OF nope", t("q")))
        .hasMessageContaining("has no tag 'nope'");
    assertThat(lanceTable("q").versions()).hasSize(6);
  }

  @Test
  void tagsNameVersionsForReadingAndAreNotVersionsThemselves() {
    Map<Long, String> states = sixVersions();
    sql("ALTER TABLE %s CREATE TAG `trained-2026.11` AS OF VERSION 3", t("q"));
    sql("ALTER TABLE %s CREATE TAG latest_good", t("q"));
    assertThat(lanceTable("q").versions()).hasSize(6);
    assertThat(state("VERSION AS OF 'trained-2026.11'")).isEqualTo(states.get(3L));
    assertThat(spark.read().option("versionAsOf", "latest_good").table(t("q")).count())
        .isEqualTo(3);
    assertThat(rows("SHOW TAGS %s", t("q")))
        .extracting(r -> r.getString(0) + "@" + r.getLong(1))
        .containsExactly("latest_good@6", "trained-2026.11@3");
    assertThat(rows("SELECT name FROM %s.tags", t("q"))).hasSize(2);

    assertThatThrownBy(() -> sql("ALTER TABLE %s CREATE TAG latest_good", t("q")))
        .hasMessageContaining("Tag 'latest_good' of table")
        .hasMessageContaining("already exists");
    assertThatThrownBy(() -> sql("ALTER TABLE %s CREATE TAG future AS OF VERSION 99", t("q")))
        .hasMessageContaining("has no version 99");
    assertThatThrownBy(() -> sql("ALTER TABLE %s CREATE TAG 'bad name'", t("q")))
        .hasMessageContaining("Invalid tag name 'bad name'");

    sql("ALTER TABLE %s DROP TAG latest_good", t("q"));
    sql("ALTER TABLE %s DROP TAG IF EXISTS latest_good", t("q"));
    assertThatThrownBy(() -> sql("ALTER TABLE %s DROP TAG latest_good", t("q")))
        .hasMessageContaining("has no tag 'latest_good'");
    assertThatThrownBy(() -> sql("SELECT * FROM %s VERSION AS OF 'latest_good'", t("q")))
        .hasMessageContaining("its tags are trained-2026.11");
    rows("CALL %s.system.create_tag(table => 'db.q', tag => 'via_call', version => 1)", catalog);
    assertThat(state("VERSION AS OF 'via_call'")).isEqualTo(states.get(1L));
  }
}
