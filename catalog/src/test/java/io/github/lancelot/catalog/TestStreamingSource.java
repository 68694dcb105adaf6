package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;

/**
 * Streaming queries reading Lance tables ({@code spark.readStream}): the latest version's rows,
 * then the rows each later version appended, each row once, also across restarts and rate-limited
 * batches; versions that change no row emit nothing, versions that delete or update rows or change
 * the columns stop the query with an error naming the version.
 */
class TestStreamingSource extends CatalogTestBase {

  private String location(String name) {
    return lanceTable(name).location();
  }

  private long latestVersion(String name) {
    return lanceTable(name).latestSnapshot().version();
  }

  private void tableWithRows(String name, long from, long to) {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t(name));
    insert(name, from, to);
  }

  /** Appends rows {@code from} (inclusive) to {@code to} (exclusive) as one version. */
  private void insert(String name, long from, long to) {
    String values =
        String.join(
            ", ", LongStream.range(from, to).mapToObj(i -> "(" + i + ", 'n" + i + "')").toList());
    sql("INSERT INTO %s VALUES %s", t(name), values);
  }

  private Dataset<Row> stream(String name, Map<String, String> options) {
    return spark.readStream().format("lance").options(options).load(location(name));
  }

  /** Runs the stream with Trigger.AvailableNow into a Lance table at {@code out}. */
  private StreamingQuery runAvailableNow(Dataset<Row> stream, String checkpoint, String out)
      throws Exception {
    StreamingQuery query =
        stream
            .writeStream()
            .format("lance")
            .option("checkpointLocation", warehouse.resolve(checkpoint).toString())
            .trigger(Trigger.AvailableNow())
            .start(warehouse.resolve(out).toString());
    query.awaitTermination();
    return query;
  }

  private List<Long> outputIds(String out) {
    return spark
        .read()
        .format("lance")
        .load(warehouse.resolve(out).toString())
        .select("id")
        .orderBy("id")
        .as(Encoders.LONG())
        .collectAsList();
  }

  private StreamingQuery toMemory(Dataset<Row> stream, String queryName) throws Exception {
    return stream.writeStream().format("memory").queryName(queryName).start();
  }

  private List<Long> memoryIds(String queryName) {
    return spark.table(queryName).select("id").orderBy("id").as(Encoders.LONG()).collectAsList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  /** The fragments of the table's latest version. */
  private int fragments(String name) {
    return lanceTable(name).latestSnapshot().fragments().size();
  }

  /** The micro-batches that read rows. */
  private static long batchesWithRows(StreamingQuery query) {
    return Arrays.stream(query.recentProgress())
        .mapToLong(StreamingQueryProgress::numInputRows)
        .filter(n -> n > 0)
        .count();
  }

  @Test
  void aStreamOfACatalogTableEmitsTheLatestRowsThenTheRowsOfEachLaterAppend() throws Exception {
    tableWithRows("q", 0, 3);
    insert("q", 3, 5);
    StreamingQuery query = toMemory(spark.readStream().table(t("q")), "catalog_stream");
    try {
      query.processAllAvailable();
      assertThat(memoryIds("catalog_stream")).isEqualTo(range(0, 5));

      insert("q", 5, 7);
      sql("INSERT INTO %s SELECT id + 100, name FROM %s WHERE id < 2", t("q"), t("q"));
      query.processAllAvailable();

      assertThat(memoryIds("catalog_stream"))
          .isEqualTo(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 100L, 101L));
      assertThat(spark.table("catalog_stream").columns()).containsExactly("id", "name");
    } finally {
      query.stop();
    }
  }

  @Test
  void startingVersionEmitsTheRowsAddedFromThatVersionOnAndLatestOnlyLaterVersions()
      throws Exception {
    tableWithRows("q", 0, 3); // version 2
    insert("q", 3, 5); // version 3
    insert("q", 5, 6); // version 4

    runAvailableNow(stream("q", Map.of("startingVersion", "3")), "cp1", "out1");
    assertThat(outputIds("out1")).isEqualTo(range(3, 6));

    StreamingQuery latest =
        toMemory(stream("q", Map.of("startingVersion", "latest")), "latest_stream");
    try {
      latest.processAllAvailable();
      assertThat(memoryIds("latest_stream")).isEmpty();
      insert("q", 6, 8);
      latest.processAllAvailable();
      assertThat(memoryIds("latest_stream")).isEqualTo(range(6, 8));
    } finally {
      latest.stop();
    }
  }

  @Test
  void maxFilesPerTriggerReadsTheBacklogInSeveralBatchesWithEveryRowOnce() throws Exception {
    tableWithRows("q", 0, 2);
    for (int i = 1; i < 5; i++) {
      insert("q", i * 2, i * 2 + 2);
    }

    int fragments = fragments("q");

    StreamingQuery query =
        runAvailableNow(
            stream("q", Map.of("startingVersion", "1", "maxFilesPerTrigger", "3")), "cp", "out");

    assertThat(outputIds("out")).isEqualTo(range(0, 10));
    assertThat(fragments).isGreaterThan(3);
    assertThat(batchesWithRows(query)).isEqualTo((fragments + 2) / 3);
  }

  @Test
  void maxBytesPerTriggerReadsAtLeastOneFragmentPerBatch() throws Exception {
    tableWithRows("q", 0, 2);
    insert("q", 2, 4);
    insert("q", 4, 6);

    StreamingQuery query =
        runAvailableNow(stream("q", Map.of("maxBytesPerTrigger", "1")), "cp", "out");

    assertThat(outputIds("out")).isEqualTo(range(0, 6));
    assertThat(batchesWithRows(query)).isEqualTo(fragments("q"));
  }

  @Test
  void aQueryRestartedFromItsCheckpointEmitsOnlyTheRowsAppendedSince() throws Exception {
    tableWithRows("q", 0, 3);
    runAvailableNow(stream("q", Map.of()), "cp", "out");
    assertThat(outputIds("out")).isEqualTo(range(0, 3));
    int fragmentsRead = fragments("q");

    insert("q", 3, 5);
    insert("q", 5, 6);
    StreamingQuery restarted =
        runAvailableNow(stream("q", Map.of("maxFilesPerTrigger", "1")), "cp", "out");

    assertThat(outputIds("out")).isEqualTo(range(0, 6));
    assertThat(batchesWithRows(restarted)).isEqualTo(fragments("q") - fragmentsRead);
    StreamingQuery again = runAvailableNow(stream("q", Map.of()), "cp", "out");
    assertThat(batchesWithRows(again)).isZero();
    assertThat(outputIds("out")).isEqualTo(range(0, 6));
  }

  @Test
  void aDeleteUpdateOrMergeFailsTheStreamNamingTheVersionUnlessSkipChangeCommits()
      throws Exception {
    tableWithRows("q", 0, 3);
    sql("DELETE FROM %s WHERE id = 1", t("q")); // version 3
    insert("q", 3, 4); // version 4
    sql("UPDATE %s SET name = 'x' WHERE id = 2", t("q")); // version 5
    spark.sql("SELECT 0L AS id, 'm' AS name").createOrReplaceTempView("src");
    sql(
        "MERGE INTO %s t USING src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET name = s.name",
        t("q")); // version 6
    insert("q", 4, 5); // version 7

    assertThatThrownBy(
            () -> runAvailableNow(stream("q", Map.of("startingVersion", "2")), "cp", "out"))
        .hasStackTraceContaining(
            "Cannot stream from table "
                + location("q")
                + ": version 3 (DELETE) deleted or updated rows")
        .hasStackTraceContaining("set the option skipChangeCommits to true");
    assertThatThrownBy(
            () -> runAvailableNow(stream("q", Map.of("startingVersion", "5")), "cp5", "out5"))
        .hasStackTraceContaining("version 5 (UPDATE) deleted or updated rows");
    assertThatThrownBy(
            () -> runAvailableNow(stream("q", Map.of("startingVersion", "6")), "cp6", "out6"))
        .hasStackTraceContaining("version 6 (MERGE) deleted or updated rows");

    runAvailableNow(
        stream("q", Map.of("startingVersion", "2", "skipChangeCommits", "true")),
        "cp-skip",
        "out-skip");
    assertThat(outputIds("out-skip")).isEqualTo(range(0, 5));
  }

  @Test
  void aCompactionATagAndAPropertyChangeEmitNothing() throws Exception {
    tableWithRows("q", 0, 2);
    insert("q", 2, 4);
    StreamingQuery query = toMemory(stream("q", Map.of()), "compacted_stream");
    try {
      query.processAllAvailable();
      sql("OPTIMIZE %s", t("q"));
      assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("OPTIMIZE");
      sql("ALTER TABLE %s SET TBLPROPERTIES ('team'='ml')", t("q"));
      lanceTable("q").createTag("v", latestVersion("q"));
      insert("q", 4, 5);
      query.processAllAvailable();

      assertThat(memoryIds("compacted_stream")).isEqualTo(range(0, 5));
    } finally {
      query.stop();
    }
  }

  @Test
  void aColumnAddedAfterTheStartFailsNamingTheVersionAndARestartStreamsTheNewColumn()
      throws Exception {
    tableWithRows("q", 0, 2);
    runAvailableNow(stream("q", Map.of()), "cp", "out");
    sql("ALTER TABLE %s ADD COLUMNS (score DOUBLE)", t("q"));
    long added = latestVersion("q");
    sql("INSERT INTO %s VALUES (2, 'n2', 0.5)", t("q"));

    Dataset<Row> startedBefore = stream("q", Map.of("startingVersion", "2"));
    sql("ALTER TABLE %s ADD COLUMNS (extra STRING)", t("q"));
    assertThatThrownBy(() -> runAvailableNow(startedBefore, "cp-before", "out-before"))
        .hasStackTraceContaining(
            "Cannot stream from table "
                + location("q")
                + ": version "
                + (added + 2)
                + " (ADD COLUMNS) changed the table's columns after the stream started; restart"
                + " the query");

    runAvailableNow(stream("q", Map.of("startingVersion", "2")), "cp-after", "out-after");
    List<Row> rows =
        spark
            .read()
            .format("lance")
            .load(warehouse.resolve("out-after").toString())
            .orderBy("id")
            .collectAsList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(2).<Double>getAs("score")).isEqualTo(0.5);
    assertThat(rows.get(0).<Double>getAs("score")).isNull();
  }

  @Test
  void startingTimestampStartsAtTheFirstVersionCommittedAtOrAfterIt() throws Exception {
    tableWithRows("q", 0, 3); // version 2
    insert("q", 3, 5); // version 3
    insert("q", 5, 6); // version 4
    long committed = lanceTable("q").snapshotAt(3).timestamp();

    runAvailableNow(
        stream("q", Map.of("startingTimestamp", Instant.ofEpochMilli(committed).toString())),
        "cp",
        "out");

    assertThat(outputIds("out")).isEqualTo(range(3, 6));
  }

  @Test
  void aVersionThatCleanupRemovedBeforeTheStreamReadItFailsNamingTheVersion() throws Exception {
    sql(
        "CREATE TABLE %s (id BIGINT, name STRING)"
            + " TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t("q"));
    insert("q", 0, 2); // version 2
    runAvailableNow(stream("q", Map.of()), "cp", "out");
    insert("q", 2, 3); // version 3
    insert("q", 3, 4); // version 4
    sql("VACUUM %s RETAIN 0 HOURS", t("q"));
    assertThat(lanceTable("q").versions().get(0)).isEqualTo(4);

    assertThatThrownBy(() -> runAvailableNow(stream("q", Map.of()), "cp", "out"))
        .hasStackTraceContaining(
            "Cannot stream from table "
                + location("q")
                + ": version 3, which the stream has still to read, no longer exists");
    assertThat(outputIds("out")).isEqualTo(range(0, 2));
  }

  @Test
  void badOptionValuesFailNamingTheOptionTheValueAndTheTable() {
    tableWithRows("q", 0, 2);
    long latest = latestVersion("q");
    for (String value : List.of("99", "-1", "first", "0")) {
      assertThatThrownBy(
              () ->
                  runAvailableNow(
                      stream("q", Map.of("startingVersion", value)), "cp" + value, "out" + value))
          .hasStackTraceContaining(
              "Invalid value '"
                  + value
                  + "' for option startingVersion of the stream from table "
                  + location("q")
                  + ": expected 'latest' or a version number from 1 to "
                  + latest);
    }
    assertThatThrownBy(
            () -> runAvailableNow(stream("q", Map.of("maxFilesPerTrigger", "0")), "cpm", "outm"))
        .hasStackTraceContaining(
            "Invalid value '0' for option maxFilesPerTrigger of the stream from table "
                + location("q"));
    assertThatThrownBy(
            () -> runAvailableNow(stream("q", Map.of("skipChangeCommits", "yes")), "cps", "outs"))
        .hasStackTraceContaining("Invalid value 'yes' for option skipChangeCommits");

    assertThat(latestVersion("q")).isEqualTo(latest);
    assertThat(rows("SELECT id FROM %s", t("q"))).hasSize(2);
  }

  @Test
  void aTableDroppedAndCreatedAgainFailsTheRestartedStreamNamingTheTable() throws Exception {
    tableWithRows("q", 0, 2);
    String path = location("q");
    runAvailableNow(stream("q", Map.of()), "cp", "out");
    sql("DROP TABLE %s", t("q"));
    spark.sql("SELECT 7L AS id, 'n7' AS name").write().format("lance").save(path);

    assertThatThrownBy(
            () -> runAvailableNow(spark.readStream().format("lance").load(path), "cp", "out"))
        .hasStackTraceContaining(
            "Cannot continue the stream from table "
                + path
                + ": the table was dropped and created again");
    assertThat(outputIds("out")).isEqualTo(range(0, 2));
  }
}
