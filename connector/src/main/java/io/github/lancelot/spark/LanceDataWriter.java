package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.RowLineage;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.execution.arrow.ArrowFieldWriter;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.execution.arrow.ArrowWriter$;

/**
 * Writes one task's rows as new fragments: rows are gathered into Arrow batches with Spark's Arrow
 * writer and handed to a {@link FragmentWriter}. Nothing becomes visible until the driver commits
 * the returned fragments; an aborted task deletes its files. The task reports the rows it wrote
 * and, once its fragments are complete, their data files and bytes.
 */
final class LanceDataWriter implements DataWriter<InternalRow> {
  private final BufferAllocator allocator = ArrowMemory.newChild("data-writer");
  private final VectorSchemaRoot root;
  private final ArrowWriter arrowWriter;
  private final FragmentWriter fragmentWriter;
  private final int batchSize;
  private final BigIntVector storedRowIds;
  private final BigIntVector storedVersions;
  private int rowsInBatch;
  private long rowsBeforeBatch;
  private List<Fragment> finished;

  LanceDataWriter(TableScanContext context, TableSchema schema, WriteOptions options) {
    this(context, schema, options, false);
  }

  /**
   * A writer whose rows may keep the row id of the row they replace ({@link #writeKeepingRowId}),
   * as the new versions of updated rows do.
   */
  LanceDataWriter(
      TableScanContext context, TableSchema schema, WriteOptions options, boolean keepsRowIds) {
    this.batchSize = options.maxRowsPerBatch();
    List<Field> fields = new ArrayList<>(schema.arrowSchema().getFields());
    if (keepsRowIds) {
      RowLineage.HIDDEN_COLUMNS.forEach(c -> fields.add(c.field()));
    }
    this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
    int tableColumns = schema.columns().size();
    this.storedRowIds = keepsRowIds ? (BigIntVector) root.getVector(tableColumns) : null;
    this.storedVersions = keepsRowIds ? (BigIntVector) root.getVector(tableColumns + 1) : null;
    List<FieldVector> vectors = root.getFieldVectors().subList(0, tableColumns);
    ArrowFieldWriter[] writers = new ArrowFieldWriter[vectors.size()];
    for (int i = 0; i < writers.length; i++) {
      FieldVector v = vectors.get(i);
      v.allocateNew();
      writers[i] =
          v instanceof FixedSizeListVector fsl
              ? new VectorFieldWriter(fsl, () -> rowsBeforeBatch)
              : ArrowWriter$.MODULE$.createFieldWriter(v);
    }
    this.arrowWriter = new ArrowWriter(root, writers);
    Table table = Table.forPath(context.tableUri(), context.conf());
    this.fragmentWriter =
        keepsRowIds
            ? table.newFragmentWriterKeepingLineage(schema, options, allocator)
            : table.newFragmentWriter(schema, options, allocator);
  }

  @Override
  public void write(InternalRow row) {
    if (storedRowIds != null) {
      storedRowIds.setNull(rowsInBatch);
      storedVersions.setNull(rowsInBatch);
    }
    append(row);
  }

  /**
   * Writes a row that keeps {@code rowId}, the id of the row it replaces; its last-updated version
   * is the one that commits it.
   */
  void writeKeepingRowId(InternalRow row, long rowId) {
    storedRowIds.setSafe(rowsInBatch, rowId);
    storedVersions.setNull(rowsInBatch);
    append(row);
  }

  private void append(InternalRow row) {
    arrowWriter.write(row);
    if (++rowsInBatch >= batchSize) {
      flush();
    }
  }

  private void flush() {
    if (rowsInBatch == 0) {
      return;
    }
    arrowWriter.finish();
    fragmentWriter.write(root);
    arrowWriter.reset();
    rowsBeforeBatch += rowsInBatch;
    rowsInBatch = 0;
  }

  /**
   * Writes all of the task's rows and completes its fragments, so that the metrics Spark reads next
   * include their files and bytes. Spark 4 hands a task's rows this way; Spark 3.5 does not have
   * it, hence no {@code @Override}.
   */
  public void writeAll(Iterator<InternalRow> rows) {
    while (rows.hasNext()) {
      write(rows.next());
    }
    finish();
  }

  private List<Fragment> finish() {
    if (finished == null) {
      flush();
      finished = fragmentWriter.finish();
    }
    return finished;
  }

  @Override
  public WriterCommitMessage commit() {
    return new FragmentsMessage(finish());
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return WriteMetrics.task(rowsBeforeBatch + rowsInBatch, finished);
  }

  @Override
  public void abort() {
    fragmentWriter.abort();
  }

  @Override
  public void close() {
    fragmentWriter.close();
    root.close();
    allocator.close();
  }
}
