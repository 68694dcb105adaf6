package io.github.lancelot.spark;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DeltaWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.roaringbitmap.RoaringBitmap;

/**
 * One task's share of a row-level operation: deleted rows are collected as row offsets per
 * fragment, and new rows (inserted, or the new version of an updated row, which keeps the row's id)
 * are written as new fragments. Rows that are not touched are never seen here, so their data files
 * are never rewritten.
 */
final class LanceDeltaWriter implements DeltaWriter<InternalRow> {
  private final LanceDataWriter inserts;
  private final Map<Long, RoaringBitmap> deletions = new HashMap<>();
  private long deleted;
  private long updated;
  private long inserted;

  LanceDeltaWriter(
      String tableName,
      String operation,
      TableScanContext context,
      TableSchema schema,
      WriteOptions options) {
    this.inserts =
        new LanceDataWriter(context, schema, options, !Operation.DELETE.equals(operation));
    TaskContext task = TaskContext.get();
    if (task != null && Operation.MERGE.equals(operation)) {
      task.addTaskFailureListener(
          (ctx, error) -> {
            if (isCardinalityViolation(error)) {
              error.addSuppressed(SparkErrors.mergeCardinalityViolation(tableName));
            }
          });
    }
  }

  /**
   * Spark checks that a MERGE's source matches each target row at most once before the rows reach
   * this writer, and its error does not name the table; the task's failure then carries ours, which
   * does, and reaches the driver with it.
   */
  private static boolean isCardinalityViolation(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SparkThrowable
          && String.valueOf(t.getMessage()).contains("MERGE_CARDINALITY_VIOLATION")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void delete(InternalRow metadata, InternalRow id) {
    markDeleted(id);
    deleted++;
  }

  /**
   * The new version of an updated row keeps the row's id, which Spark hands over as the operation's
   * only metadata column ({@link LanceRowLevelOperation#requiredMetadataAttributes}).
   */
  @Override
  public void update(InternalRow metadata, InternalRow id, InternalRow row) {
    markDeleted(id);
    inserts.writeKeepingRowId(row, metadata.getLong(0));
    updated++;
  }

  @Override
  public void insert(InternalRow row) {
    inserts.write(row);
    inserted++;
  }

  @Override
  public void write(InternalRow row) {
    insert(row);
  }

  private void markDeleted(InternalRow id) {
    deletions.computeIfAbsent(id.getLong(0), f -> new RoaringBitmap()).add((int) id.getLong(1));
  }

  @Override
  public WriterCommitMessage commit() {
    FragmentsMessage written = (FragmentsMessage) inserts.commit();
    Map<Long, byte[]> serialized = new HashMap<>();
    deletions.forEach(
        (fragment, rows) -> serialized.put(fragment, RowOffsetBitmaps.serialize(rows)));
    return new RowDeltaMessage(written.fragments(), serialized, deleted, updated, inserted);
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    CustomTaskMetric[] written = inserts.currentMetricsValues();
    CustomTaskMetric[] all = java.util.Arrays.copyOf(written, written.length + 1);
    all[written.length] = ScanMetrics.value(WriteMetrics.ROWS_DELETED, deleted + updated);
    return all;
  }

  @Override
  public void abort() {
    inserts.abort();
  }

  @Override
  public void close() {
    inserts.close();
  }
}
