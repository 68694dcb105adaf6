package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentReader;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.execution.vectorized.ConstantColumnVector;
import org.apache.spark.sql.execution.vectorized.OnHeapColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The batches of one input partition's fragments, read one fragment after the other, each both as
 * the format's {@link FragmentBatch} and as a Spark columnar batch over its Arrow vectors (nothing
 * copied), with metadata columns added on request. Rows are the live rows where the scan's
 * condition is TRUE. Keeps the scan's metrics.
 */
final class FragmentBatches implements AutoCloseable {
  /** Rows of one fragment to read, with the row counts of its record batches. */
  record SelectedRows(org.roaringbitmap.RoaringBitmap offsets, int[] batchRows) {}

  private final BufferAllocator allocator = ArrowMemory.newChild("fragment-reader");
  private final TableScanContext context;
  private final List<Fragment> fragments;
  private final TableSchema projection;
  private final Expression condition;
  private final List<LanceScanBuilder.OutputColumn> layout;
  private final StructType readSchema;
  private final Map<Long, SelectedRows> selected;
  private final boolean readsLineage;
  private int nextFragment;
  private long fragmentId;
  private FragmentReader reader;
  private long bytesReadByClosedReaders;
  private long rowsRead;
  private long deletedRowsSkipped;
  private FragmentBatch current;
  private final List<ColumnVector> extraVectors = new ArrayList<>();
  private ColumnarBatch batch;

  FragmentBatches(
      TableScanContext context,
      List<Fragment> fragments,
      TableSchema projection,
      Expression condition,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema) {
    this(context, fragments, projection, condition, layout, readSchema, Map.of());
  }

  /**
   * Batches of only the {@code selected} rows of the fragments that have an entry there (as after
   * an index search), and of every row of the others.
   */
  FragmentBatches(
      TableScanContext context,
      List<Fragment> fragments,
      TableSchema projection,
      Expression condition,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema,
      Map<Long, SelectedRows> selected) {
    this.selected = selected;
    this.context = context;
    this.fragments = fragments;
    this.projection = projection;
    this.condition = condition.equals(Expressions.alwaysTrue()) ? null : condition;
    this.layout = layout;
    this.readSchema = readSchema;
    this.readsLineage =
        layout.stream().anyMatch(c -> c.metadata() != null && c.metadata().isLineage());
  }

  /**
   * The reader of the fragment with rows left to read, opening the next fragment's as one runs out.
   */
  private boolean advance() {
    while (reader == null || !reader.hasNext()) {
      closeReader();
      if (nextFragment == fragments.size()) {
        return false;
      }
      Fragment fragment = fragments.get(nextFragment++);
      fragmentId = fragment.id();
      deletedRowsSkipped += fragment.deletedRows();
      SelectedRows rows = selected.get(fragment.id());
      reader =
          rows == null
              ? new FragmentReader(
                  context.tableUri(),
                  context.conf(),
                  fragment,
                  projection,
                  allocator,
                  FragmentReader.DeletedRows.SKIPPED_BY_POSITION,
                  condition,
                  readsLineage)
              : FragmentReader.ofRows(
                  context.tableUri(),
                  context.conf(),
                  fragment,
                  projection,
                  allocator,
                  rows.offsets(),
                  rows.batchRows(),
                  readsLineage);
    }
    return true;
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      bytesReadByClosedReaders += reader.bytesRead();
      reader = null;
    }
  }

  /** Moves to the next batch; false when every fragment has been read. */
  boolean next() {
    releaseCurrent();
    if (!advance()) {
      return false;
    }
    current = reader.next();
    int rows = current.rowCount();
    rowsRead += rows;
    ColumnVector[] vectors = new ColumnVector[layout.size()];
    for (int i = 0; i < vectors.length; i++) {
      LanceScanBuilder.OutputColumn out = layout.get(i);
      if (out.metadata() == null) {
        ColumnVector all = wrap(current.root().getVector(out.dataIndex()), i);
        vectors[i] =
            current.livePositions() == null
                ? all
                : new LiveRowsColumnVector(all, current.livePositions());
      } else if (out.metadata() == MetadataColumns.FRAGMENT_ID) {
        ConstantColumnVector v = new ConstantColumnVector(rows, DataTypes.LongType);
        v.setLong(fragmentId);
        extraVectors.add(v);
        vectors[i] = v;
      } else {
        OnHeapColumnVector v = new OnHeapColumnVector(rows, DataTypes.LongType);
        for (int r = 0; r < rows; r++) {
          v.putLong(r, metadataValue(out.metadata(), r));
        }
        extraVectors.add(v);
        vectors[i] = v;
      }
    }
    batch = new ColumnarBatch(vectors, rows);
    return true;
  }

  private long metadataValue(MetadataColumns column, int row) {
    if (column == MetadataColumns.ROW_ID) {
      return current.rowId(row);
    }
    if (column == MetadataColumns.ROW_LAST_UPDATED_VERSION) {
      return current.rowLastUpdatedVersion(row);
    }
    return current.rowOffset(row);
  }

  private ColumnVector wrap(FieldVector vector, int position) {
    if (vector instanceof FixedSizeListVector fsl) {
      return new FixedSizeListColumnVector(readSchema.fields()[position].dataType(), fsl);
    }
    return new ArrowColumnVector(vector);
  }

  /** The current batch as the format reads it: all of its rows, and the positions of its rows. */
  FragmentBatch fragmentBatch() {
    return current;
  }

  /** The current batch as Spark reads it: the scan's output columns, only its rows. */
  ColumnarBatch columnar() {
    return batch;
  }

  CustomTaskMetric[] metrics() {
    return new CustomTaskMetric[] {
      ScanMetrics.value(ScanMetrics.FRAGMENTS_SCANNED, nextFragment),
      ScanMetrics.value(ScanMetrics.ROWS_READ, rowsRead),
      ScanMetrics.value(ScanMetrics.DELETED_ROWS_SKIPPED, deletedRowsSkipped),
      ScanMetrics.value(
          ScanMetrics.BYTES_READ,
          bytesReadByClosedReaders + (reader == null ? 0 : reader.bytesRead()))
    };
  }

  private void releaseCurrent() {
    extraVectors.forEach(ColumnVector::close);
    extraVectors.clear();
    if (current != null) {
      current.close();
      current = null;
    }
    batch = null;
  }

  @Override
  public void close() {
    releaseCurrent();
    closeReader();
    allocator.close();
  }
}
