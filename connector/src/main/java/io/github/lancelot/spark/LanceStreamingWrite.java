package io.github.lancelot.spark;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.util.Map;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingDataWriterFactory;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;
import org.apache.spark.sql.types.StructType;

/**
 * One micro-batch of a streaming query writing into a table: tasks write fragments as a batch
 * append's tasks do, and the driver commits them as one version on top of the latest one, appending
 * the rows or, in complete output mode, replacing every row with them. Each commit records the
 * query's id and the batch id ({@link SparkCommit#recordingBatch}); a batch that the table already
 * records, because the query was restarted after committing it but before Spark noted that, is not
 * committed again and its files are deleted, so every batch lands exactly once.
 */
final class LanceStreamingWrite implements StreamingWrite {
  private final String name;
  private final Table table;
  private final String queryId;
  private final boolean replaceAll;
  private final WriteOptions options;
  private final Map<String, String> createProperties;
  private final TableSchema schema;

  LanceStreamingWrite(
      LanceSparkTable target,
      String queryId,
      StructType data,
      boolean replaceAll,
      SchemaChangeOnWrite change,
      Map<String, String> settings,
      WriteOptions options) {
    this.name = target.name();
    this.table = target.table();
    this.queryId = queryId;
    this.replaceAll = replaceAll;
    this.options = options;
    this.createProperties = target.createProperties();
    this.schema =
        table
            .latestSnapshotIfExists()
            .map(latest -> WriteSchemas.after(name, latest.schema(), data, change, settings))
            .orElseGet(() -> SparkSchemas.toTableSchema(data, settings));
  }

  @Override
  public StreamingDataWriterFactory createStreamingWriterFactory(PhysicalWriteInfo info) {
    return new LanceDataWriterFactory(
        TableScanContext.create(table.location(), table.conf()), schema, options);
  }

  /** Commits the batch {@code epochId} as one version, unless the table already records it. */
  @Override
  public void commit(long epochId, WriterCommitMessage[] messages) {
    new SparkCommit(table)
        .recordingBatch(queryId, epochId)
        .parameter("outputMode", replaceAll ? "Complete" : "Append")
        .parameter("queryId", queryId)
        .parameter("epochId", String.valueOf(epochId))
        .commit(this::prepare, LanceBatchWrite.fragmentsOf(messages));
  }

  /** The batch's transaction on the latest version; the first batch of a new table creates it. */
  private Transaction prepare() {
    Snapshot latest = table.latestSnapshotIfExists().orElse(null);
    if (latest == null) {
      return table.createTable(schema, createProperties);
    }
    Transaction txn = table.newTransaction(latest, Operation.STREAMING_UPDATE);
    if (replaceAll) {
      txn.removeAllFragments();
    }
    return schema.equals(latest.schema()) ? txn : txn.setSchema(schema);
  }

  @Override
  public void abort(long epochId, WriterCommitMessage[] messages) {
    new SparkCommit(table).abort(LanceBatchWrite.fragmentsOf(messages));
  }

  @Override
  public String toString() {
    return "LanceStreamingWrite(" + name + ", " + (replaceAll ? "Complete" : "Append") + ")";
  }
}
