package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DeltaBatchWrite;
import org.apache.spark.sql.connector.write.DeltaWrite;
import org.apache.spark.sql.connector.write.DeltaWriteBuilder;
import org.apache.spark.sql.connector.write.DeltaWriter;
import org.apache.spark.sql.connector.write.DeltaWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.roaringbitmap.RoaringBitmap;

/**
 * The write of a DELETE, UPDATE or MERGE, committed as one version on top of the version its scan
 * read: deletion vectors for the deleted and updated rows (merged with the fragments' existing
 * ones), new fragments for the new rows. A concurrent append does not conflict; a concurrent change
 * to the same fragments does.
 */
final class LanceDeltaWrite implements DeltaWriteBuilder, DeltaWrite, DeltaBatchWrite {
  private final String tableName;
  private final Table table;
  private final Snapshot base;
  private final String operation;
  private final WriteOptions options;
  private final String predicate;
  private final SparkCommit commit;
  private CustomTaskMetric[] driverMetrics = new CustomTaskMetric[0];

  LanceDeltaWrite(
      String tableName,
      Table table,
      Snapshot base,
      String operation,
      WriteOptions options,
      String predicate) {
    this.tableName = tableName;
    this.table = table;
    this.base = base;
    this.operation = operation;
    this.options = options;
    this.predicate = predicate;
    this.commit = new SparkCommit(table);
  }

  @Override
  public DeltaWrite build() {
    return this;
  }

  @Override
  public DeltaBatchWrite toBatch() {
    return this;
  }

  @Override
  public String description() {
    return "LanceRowDelta("
        + table.location()
        + ", "
        + operation
        + " on version "
        + base.version()
        + ")";
  }

  @Override
  public DeltaWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new Factory(
        tableName,
        operation,
        TableScanContext.create(table.location(), table.conf()),
        base.schema(),
        options);
  }

  /** Shipped to executors; creates each task's {@link LanceDeltaWriter}. */
  record Factory(
      String tableName,
      String operation,
      TableScanContext context,
      TableSchema schema,
      WriteOptions options)
      implements DeltaWriterFactory {
    @Override
    public DeltaWriter<InternalRow> createWriter(int partitionId, long taskId) {
      return new LanceDeltaWriter(tableName, operation, context, schema, options);
    }
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<Fragment> inserted = new ArrayList<>();
    Map<Long, RoaringBitmap> deletions = new HashMap<>();
    long deleted = 0;
    long updated = 0;
    long insertedRows = 0;
    for (WriterCommitMessage m : messages) {
      if (m instanceof RowDeltaMessage delta) {
        inserted.addAll(delta.inserted());
        delta
            .deletions()
            .forEach(
                (fragment, bytes) ->
                    deletions.merge(
                        fragment,
                        RowOffsetBitmaps.deserialize(bytes),
                        (a, b) -> RoaringBitmap.or(a, b)));
        deleted += delta.deletedRows();
        updated += delta.updatedRows();
        insertedRows += delta.insertedRows();
      }
    }
    if (inserted.isEmpty() && deletions.isEmpty()) {
      return;
    }
    if (predicate != null) {
      commit.parameter("predicate", predicate);
    }
    Snapshot committed =
        commit
            .metric("numDeletedRows", deleted)
            .metric("numUpdatedRows", updated)
            .metric("numInsertedRows", insertedRows)
            .commit(
                () -> {
                  Transaction txn = table.newTransaction(base, operation);
                  deletions.forEach(txn::deleteRows);
                  return txn;
                },
                inserted);
    driverMetrics = WriteMetrics.committed(inserted, committed.version());
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return WriteMetrics.supportedByRowLevelOperations();
  }

  /**
   * The bytes written and the version committed. Spark 4 declares this on {@code Write}; Spark 3.5
   * does not ask for it, hence no {@code @Override}.
   */
  public CustomTaskMetric[] reportDriverMetrics() {
    return driverMetrics;
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    List<Fragment> inserted = new ArrayList<>();
    for (WriterCommitMessage m : messages) {
      if (m instanceof RowDeltaMessage delta) {
        inserted.addAll(delta.inserted());
      }
    }
    commit.abort(inserted);
  }
}
