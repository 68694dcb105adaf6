package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.connector.write.streaming.StreamingWrite;

/**
 * A batch write as one new version: tasks write fragments, and the driver commits all of them at
 * once (an append, an overwrite of every row or of the rows matching a condition, or the creation
 * of the table), with the columns the write adds or the schema it replaces the table's with.
 * Spark's commit coordinator lets exactly one attempt of each task report its fragments, so retried
 * and speculative tasks never duplicate rows; the files of failed attempts and of a failed job are
 * deleted and never referenced.
 */
final class LanceBatchWrite implements Write, BatchWrite {
  /** What the commit does with the version the write started from. */
  enum Mode {
    APPEND,
    OVERWRITE,
    /** Replaces the rows matching a condition. */
    OVERWRITE_WHERE,
    CREATE,
    /** The fragments go to a staged table, which commits them with its create or replace. */
    STAGED
  }

  private final Table table;
  private final Snapshot base;
  private final Mode mode;
  private final TableSchema schema;
  private final WriteOptions options;
  private final Map<String, String> createProperties;
  private final SparkCommit commit;
  private StagedLanceTable staged;
  private org.apache.spark.sql.sources.Filter[] condition;
  private CustomTaskMetric[] driverMetrics = new CustomTaskMetric[0];
  private Supplier<StreamingWrite> streaming;

  LanceBatchWrite(
      Table table,
      Snapshot base,
      Mode mode,
      TableSchema schema,
      WriteOptions options,
      Map<String, String> createProperties) {
    this.table = table;
    this.base = base;
    this.mode = mode;
    this.schema = schema;
    this.options = options;
    this.createProperties = createProperties;
    this.commit = new SparkCommit(table);
  }

  LanceBatchWrite replacingRowsWhere(org.apache.spark.sql.sources.Filter[] filters) {
    this.condition = filters;
    return this;
  }

  /** Records these operation parameters in the version the write commits. */
  LanceBatchWrite recording(Map<String, String> parameters) {
    parameters.forEach(commit::parameter);
    return this;
  }

  /**
   * Records the commit as batch {@code version} of application {@code appId} (the write options
   * {@code txnAppId} and {@code txnVersion}): a batch the table already records is not committed
   * again, so a job that is run again after a failure writes its rows once.
   */
  LanceBatchWrite recordingBatch(String appId, long version) {
    commit.recordingBatch(appId, version);
    return this;
  }

  /** How a streaming query runs this write, one micro-batch at a time. */
  LanceBatchWrite streamingAs(Supplier<StreamingWrite> write) {
    this.streaming = write;
    return this;
  }

  LanceBatchWrite stagingInto(StagedLanceTable target) {
    this.staged = target;
    return this;
  }

  @Override
  public String description() {
    return "LanceWrite(" + table.location() + ", " + mode + ")";
  }

  @Override
  public BatchWrite toBatch() {
    return this;
  }

  @Override
  public StreamingWrite toStreaming() {
    if (streaming == null) {
      return Write.super.toStreaming();
    }
    return streaming.get();
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new LanceDataWriterFactory(
        TableScanContext.create(table.location(), table.conf()), schema, options);
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<Fragment> fragments = fragmentsOf(messages);
    if (mode == Mode.STAGED) {
      staged.stage(fragments);
      return;
    }
    Snapshot committed =
        commit
            .parameter("mode", mode.name())
            .commit(
                () ->
                    switch (mode) {
                      case STAGED ->
                          throw new IllegalStateException(
                              "staged writes are committed by their table");
                      case CREATE -> table.createTable(schema, createProperties);
                      case OVERWRITE ->
                          withSchema(
                              table.newTransaction(base, Operation.OVERWRITE).removeAllFragments());
                      case OVERWRITE_WHERE ->
                          withSchema(
                              new ConditionalOverwrite(table, base, condition)
                                  .deleteMatchingRows(
                                      table.newTransaction(base, Operation.OVERWRITE)));
                      case APPEND -> withSchema(table.newTransaction(base, Operation.APPEND));
                    },
                fragments);
    if (committed != null) {
      driverMetrics = WriteMetrics.version(committed.version());
    }
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return WriteMetrics.supported();
  }

  /**
   * The version committed (the tasks report the files and bytes they wrote); none for a staged
   * write, whose table reports it once committed. Spark 4 declares this on {@code Write}; Spark 3.5
   * does not ask for it, hence no {@code @Override}.
   */
  public CustomTaskMetric[] reportDriverMetrics() {
    return driverMetrics;
  }

  /** Commits the write's schema too when it adds or replaces columns. */
  private Transaction withSchema(Transaction txn) {
    return schema.equals(base.schema()) ? txn : txn.setSchema(schema);
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    commit.abort(fragmentsOf(messages));
  }

  static List<Fragment> fragmentsOf(WriterCommitMessage[] messages) {
    List<Fragment> out = new ArrayList<>();
    for (WriterCommitMessage m : messages) {
      if (m instanceof FragmentsMessage f) {
        out.addAll(f.fragments());
      }
    }
    return out;
  }
}
