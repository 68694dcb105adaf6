package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Table;
import io.github.lancelot.testing.AcrossLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Streaming queries writing into path tables: each micro-batch is one version recording the query
 * and batch id, and no batch lands twice, also when a query restarts or commits a batch again.
 */
@AcrossLines
class TestStreamingSink extends SparkTestBase {
  private static final String SCHEMA = "id BIGINT, quote STRING";

  /** Adds one input file with the rows {@code from} (inclusive) to {@code to} (exclusive). */
  private void addInput(String name, long from, long to) throws IOException {
    Path input = Files.createDirectories(dir.resolve("input"));
    String lines =
        LongStream.range(from, to)
            .mapToObj(i -> "{\"id\": " + i + ", \"quote\": \"q" + i + "\"}")
            .collect(Collectors.joining("\n", "", "\n"));
    // Written beside the folder and moved in, so the stream never sees a half-written file.
    Path staged = Files.writeString(dir.resolve(name + ".tmp"), lines);
    Files.move(staged, input.resolve(name + ".json"));
  }

  /** The input files, one micro-batch each. */
  private Dataset<Row> stream(String schema) {
    return spark
        .readStream()
        .schema(schema)
        .option("maxFilesPerTrigger", 1)
        .json(dir.resolve("input").toString());
  }

  /** Runs the query over all input available now and returns it once it stopped. */
  private StreamingQuery runToPath(
      Dataset<Row> data, String outputMode, String checkpoint, String table) throws Exception {
    StreamingQuery query =
        data.writeStream()
            .format("lance")
            .outputMode(outputMode)
            .option("checkpointLocation", path(checkpoint))
            .trigger(Trigger.AvailableNow())
            .start(table);
    query.awaitTermination();
    return query;
  }

  private Table table(String p) {
    return Table.forPath(p, spark.sessionState().newHadoopConf());
  }

  private List<Long> ids(String p) {
    return spark
        .read()
        .format("lance")
        .load(p)
        .orderBy("id")
        .select("id")
        .as(Encoders.LONG())
        .collectAsList();
  }

  private static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @Test
  void eachMicroBatchLandsInOneVersionRecordingTheQueryAndTheBatch() throws Exception {
    addInput("a", 0, 3);
    addInput("b", 3, 5);
    addInput("c", 5, 9);
    String p = path("t");

    StreamingQuery query = runToPath(stream(SCHEMA), "append", "cp", p);

    assertThat(ids(p)).isEqualTo(range(0, 9));
    List<CommitInfo> history = table(p).history();
    assertThat(history)
        .extracting(CommitInfo::operation)
        .containsExactly(Operation.STREAMING_UPDATE, Operation.STREAMING_UPDATE, "CREATE TABLE");
    assertThat(history.get(0).operationParameters())
        .containsEntry("queryId", query.id().toString())
        .containsEntry("epochId", "2")
        .containsEntry("outputMode", "Append");
    assertThat(history.get(0).operationMetrics()).containsEntry("numAddedRows", 4L);
    assertThat(table(p).latestSnapshot().batchVersion(query.id().toString())).isEqualTo(2);
    assertThat(table(p).snapshotAt(1).batchVersion(query.id().toString())).isZero();
  }

  @Test
  void aQueryRestartedFromItsCheckpointWritesOnlyTheNewInputUnderTheSameQueryId() throws Exception {
    addInput("a", 0, 3);
    String p = path("t");
    StreamingQuery first = runToPath(stream(SCHEMA), "append", "cp", p);
    addInput("b", 3, 6);

    StreamingQuery restarted = runToPath(stream(SCHEMA), "append", "cp", p);

    assertThat(restarted.id()).isEqualTo(first.id());
    assertThat(restarted.runId()).isNotEqualTo(first.runId());
    assertThat(ids(p)).isEqualTo(range(0, 6));
    assertThat(table(p).versions()).containsExactly(1L, 2L);
    assertThat(table(p).latestSnapshot().batchVersion(first.id().toString())).isEqualTo(1);
  }

  @Test
  void aQueryAppendsToAnExistingTable() throws Exception {
    String p = path("t");
    spark.range(100, 102).selectExpr("id", "'old' AS quote").write().format("lance").save(p);
    addInput("a", 0, 2);

    runToPath(stream(SCHEMA), "append", "cp", p);

    assertThat(ids(p)).containsExactly(0L, 1L, 100L, 101L);
    assertThat(table(p).history())
        .extracting(CommitInfo::operation)
        .containsExactly(Operation.STREAMING_UPDATE, "CREATE TABLE");
  }

  /** Writes one row through a micro-batch write of the table and returns the task's message. */
  private static WriterCommitMessage writeOneRow(StreamingWrite write, long epoch, long id)
      throws IOException {
    DataWriter<InternalRow> writer =
        write.createStreamingWriterFactory(() -> 1).createWriter(0, 0, epoch);
    writer.write(new GenericInternalRow(new Object[] {id, UTF8String.fromString("q" + id)}));
    WriterCommitMessage message = writer.commit();
    writer.close();
    return message;
  }

  private static StreamingWrite microBatchWrite(String p, String queryId) {
    StructType schema = StructType.fromDDL(SCHEMA);
    LanceSparkTable table =
        (LanceSparkTable)
            new LanceDataSource().getTable(schema, new Transform[0], Map.of("path", p));
    LogicalWriteInfo info =
        new LogicalWriteInfo() {
          @Override
          public CaseInsensitiveStringMap options() {
            return CaseInsensitiveStringMap.empty();
          }

          @Override
          public String queryId() {
            return queryId;
          }

          @Override
          public StructType schema() {
            return schema;
          }
        };
    return table.newWriteBuilder(info).build().toStreaming();
  }

  private List<Path> dataFiles(String p) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(p, "data"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".arrow"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .toList();
    }
  }

  @Test
  void committingABatchTheTableAlreadyRecordsCommitsNothingAndDeletesItsFiles() throws Exception {
    String p = path("t");
    spark.range(0, 1).selectExpr("id", "'q0' AS quote").write().format("lance").save(p);
    StreamingWrite write = microBatchWrite(p, "query-1");
    write.commit(4, new WriterCommitMessage[] {writeOneRow(write, 4, 1)});
    List<Path> filesAfterFirstCommit = dataFiles(p);

    StreamingWrite again = microBatchWrite(p, "query-1");
    WriterCommitMessage message = writeOneRow(again, 4, 2);
    assertThat(dataFiles(p)).hasSizeGreaterThan(filesAfterFirstCommit.size());
    again.commit(4, new WriterCommitMessage[] {message});

    assertThat(dataFiles(p)).containsExactlyInAnyOrderElementsOf(filesAfterFirstCommit);
    assertThat(table(p).versions()).containsExactly(1L, 2L);
    assertThat(ids(p)).containsExactly(0L, 1L);
    StreamingWrite next = microBatchWrite(p, "query-1");
    next.commit(5, new WriterCommitMessage[] {writeOneRow(next, 5, 3)});
    assertThat(ids(p)).containsExactly(0L, 1L, 3L);
  }

  @Test
  void completeModeReplacesEveryRowWithEachBatch() throws Exception {
    addInput("a", 0, 4);
    String p = path("t");
    Dataset<Row> counts = stream(SCHEMA).selectExpr("id % 2 AS parity").groupBy("parity").count();
    StreamingQuery query = runToPath(counts, "complete", "cp", p);
    addInput("b", 4, 7);

    runToPath(counts, "complete", "cp", p);

    List<Row> rows = spark.read().format("lance").load(p).orderBy("parity").collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[0,4]", "[1,3]");
    CommitInfo last = table(p).latestSnapshot().commitInfo();
    assertThat(last.operation()).isEqualTo(Operation.STREAMING_UPDATE);
    assertThat(last.operationParameters()).containsEntry("outputMode", "Complete");
    assertThat(last.operationMetrics()).containsEntry("numAddedRows", 2L);
    assertThat(last.operationMetrics().get("numRemovedFragments")).isPositive();
    assertThat(table(p).latestSnapshot().batchVersion(query.id().toString())).isEqualTo(1);
  }

  @Test
  void twoQueriesWritingTheSameTableBothCommitTheirBatches() throws Exception {
    addInput("a", 0, 2);
    String p = path("t");
    StreamingQuery first = runToPath(stream(SCHEMA), "append", "cp1", p);
    StreamingQuery second = runToPath(stream(SCHEMA), "append", "cp2", p);

    assertThat(ids(p)).containsExactly(0L, 0L, 1L, 1L);
    assertThat(table(p).latestSnapshot().batchVersion(first.id().toString())).isZero();
    assertThat(table(p).latestSnapshot().batchVersion(second.id().toString())).isZero();
  }

  @Test
  void updateOutputModeIsRefusedNamingTheTable() throws Exception {
    String p = path("t");
    spark.range(0, 2).selectExpr("id % 2 AS parity", "id AS count").write().format("lance").save(p);
    addInput("a", 0, 4);
    Dataset<Row> counts = stream(SCHEMA).selectExpr("id % 2 AS parity").groupBy("parity").count();

    assertThatThrownBy(() -> runToPath(counts, "update", "cp", p))
        .hasStackTraceContaining(p)
        .hasStackTraceContaining("does not support Update mode");
    assertThat(table(p).versions()).containsExactly(1L);
  }

  @Test
  void aStreamWithOtherColumnsThanTheTableIsRefusedNamingTheTable() throws Exception {
    String p = path("t");
    spark.range(0, 2).selectExpr("id", "'q' AS quote").write().format("lance").save(p);
    addInput("a", 0, 2);

    assertThatThrownBy(() -> runToPath(stream("id BIGINT, other STRING"), "append", "cp", p))
        .hasStackTraceContaining(p)
        .hasStackTraceContaining("other");
    assertThat(table(p).versions()).containsExactly(1L);
    assertThat(ids(p)).containsExactly(0L, 1L);
  }

  @Test
  void aBatchWriteWithTxnOptionsIsCommittedOncePerVersion() {
    String p = path("t");
    List<Long> versions = new ArrayList<>();
    for (long txnVersion : new long[] {0, 0, 1, 0}) {
      spark
          .range(txnVersion * 10, txnVersion * 10 + 2)
          .selectExpr("id", "'q' AS quote")
          .write()
          .format("lance")
          .mode("append")
          .option("txnAppId", "nightly-load")
          .option("txnVersion", txnVersion)
          .save(p);
      versions.add(table(p).latestSnapshot().version());
    }

    assertThat(versions).containsExactly(1L, 1L, 2L, 2L);
    assertThat(ids(p)).containsExactly(0L, 1L, 10L, 11L);
    assertThat(table(p).latestSnapshot().batchVersion("nightly-load")).isEqualTo(1);
  }

  @Test
  void txnOptionsMustComeTogetherAndNameAVersion() {
    String p = path("t");
    spark.range(0, 1).selectExpr("id", "'q' AS quote").write().format("lance").save(p);

    assertThatThrownBy(
            () ->
                spark
                    .range(5, 6)
                    .selectExpr("id", "'q' AS quote")
                    .write()
                    .format("lance")
                    .mode("append")
                    .option("txnAppId", "load")
                    .save(p))
        .hasMessageContaining("Invalid idempotent write to table")
        .hasMessageContaining(p);
    assertThat(table(p).versions()).containsExactly(1L);
    assertThat(ids(p)).containsExactly(0L);
  }
}
