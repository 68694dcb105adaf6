package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/**
 * Streaming a Lance table's change feed ({@code readChangeFeed}): the latest version's rows as
 * inserts, then each later version's inserts, updates and deletes with the version that made them;
 * or the changes from {@code startingVersion} on; whole versions per micro-batch.
 */
@AcrossLines
class TestStreamingChangeFeed extends CatalogTestBase {

  private Dataset<Row> changeStream(String name, Map<String, String> options) {
    return spark
        .readStream()
        .format("lance")
        .option("readChangeFeed", "true")
        .options(options)
        .load(lanceTable(name).location());
  }

  private StreamingQuery toMemory(Dataset<Row> stream, String queryName) throws Exception {
    return stream.writeStream().format("memory").queryName(queryName).start();
  }

  /** The streamed changes as "change_type version id name", sorted. */
  private List<String> changes(String queryName) {
    return rows(
            "SELECT _change_type, _commit_version, id, name FROM %s"
                + " ORDER BY _commit_version, id, _change_type",
            queryName)
        .stream()
        .map(r -> r.getString(0) + " " + r.getLong(1) + " " + r.get(2) + " " + r.get(3))
        .toList();
  }

  private void tableWithThreeRows(String name) {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t(name));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t(name));
  }

  @Test
  void aChangeFeedStreamEmitsTheLatestRowsAsInsertsThenEachVersionsChanges() throws Exception {
    tableWithThreeRows("q");
    sql("DELETE FROM %s WHERE id = 3", t("q")); // version 3
    StreamingQuery query = toMemory(changeStream("q", Map.of()), "cdf_default");
    try {
      query.processAllAvailable();
      assertThat(changes("cdf_default")).containsExactly("insert 3 1 a", "insert 3 2 b");

      sql("UPDATE %s SET name = 'B' WHERE id = 2", t("q")); // version 4
      sql("INSERT INTO %s VALUES (4, 'd')", t("q")); // version 5
      sql("DELETE FROM %s WHERE id = 1", t("q")); // version 6
      sql("OPTIMIZE %s", t("q")); // version 7
      query.processAllAvailable();

      assertThat(changes("cdf_default"))
          .containsExactly(
              "insert 3 1 a",
              "insert 3 2 b",
              "update_postimage 4 2 B",
              "update_preimage 4 2 b",
              "insert 5 4 d",
              "delete 6 1 a");
      assertThat(spark.table("cdf_default").columns())
          .containsExactly("id", "name", "_change_type", "_commit_version", "_commit_timestamp");
    } finally {
      query.stop();
    }
  }

  @Test
  void aChangeFeedStreamFromAStartingVersionReadsWholeVersionsPerBatch() throws Exception {
    tableWithThreeRows("q"); // version 2
    sql("UPDATE %s SET name = 'A' WHERE id = 1", t("q")); // version 3
    sql("DELETE FROM %s WHERE id = 2", t("q")); // version 4
    sql("INSERT INTO %s VALUES (5, 'e')", t("q")); // version 5

    StreamingQuery query =
        changeStream("q", Map.of("startingVersion", "3", "maxFilesPerTrigger", "1"))
            .writeStream()
            .format("memory")
            .queryName("cdf_from_3")
            .trigger(Trigger.AvailableNow())
            .start();
    query.awaitTermination();

    assertThat(changes("cdf_from_3"))
        .containsExactly(
            "update_postimage 3 1 A", "update_preimage 3 1 a", "delete 4 2 b", "insert 5 5 e");
    assertThat(
            Arrays.stream(query.recentProgress())
                .mapToLong(StreamingQueryProgress::numInputRows)
                .filter(n -> n > 0))
        .containsExactly(2L, 1L, 1L);
  }

  @Test
  void aChangeFeedStreamOfACatalogTableByNameEmitsItsChanges() throws Exception {
    tableWithThreeRows("q"); // version 2
    sql("DELETE FROM %s WHERE id = 2", t("q")); // version 3

    StreamingQuery query =
        spark
            .readStream()
            .option("readChangeFeed", "true")
            .option("startingVersion", "2")
            .table(t("q"))
            .writeStream()
            .format("memory")
            .queryName("cdf_by_name")
            .trigger(Trigger.AvailableNow())
            .start();
    query.awaitTermination();

    assertThat(changes("cdf_by_name"))
        .containsExactly("insert 2 1 a", "insert 2 2 b", "insert 2 3 c", "delete 3 2 b");
  }
}
