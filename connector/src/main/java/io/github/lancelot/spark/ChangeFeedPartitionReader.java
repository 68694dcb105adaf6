package io.github.lancelot.spark;

import io.github.lancelot.format.ChangeReader;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.RowLineage;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.VersionChanges;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the changed rows of one version as rows of the change feed: the read table columns, copied
 * out of the fragment batches, and the change columns the scan asks for.
 */
final class ChangeFeedPartitionReader implements PartitionReader<InternalRow> {
  /** What one output column of the scan holds. */
  enum Output {
    COLUMN,
    CHANGE_TYPE,
    COMMIT_VERSION,
    COMMIT_TIMESTAMP,
    ROW_ID,
    ROW_LAST_UPDATED_VERSION;

    static Output named(String name) {
      return switch (name) {
        case LanceChangeFeedTable.CHANGE_TYPE -> CHANGE_TYPE;
        case LanceChangeFeedTable.COMMIT_VERSION -> COMMIT_VERSION;
        case LanceChangeFeedTable.COMMIT_TIMESTAMP -> COMMIT_TIMESTAMP;
        case RowLineage.ROW_ID -> ROW_ID;
        case RowLineage.ROW_LAST_UPDATED_VERSION -> ROW_LAST_UPDATED_VERSION;
        default -> COLUMN;
      };
    }
  }

  private final BufferAllocator allocator = ArrowMemory.newChild("change-feed-reader");
  private final ChangeReader reader;
  private final List<Output> layout;
  private final StructType readSchema;
  private final int columnCount;
  private final long version;
  private final long timestampMicros;
  private ChangeReader.ChangeBatch batch;
  private ColumnarBatch columnar;
  private int nextRow;
  private InternalRow current;

  ChangeFeedPartitionReader(
      TableScanContext context,
      VersionChanges changes,
      TableSchema columns,
      List<Output> layout,
      StructType readSchema) {
    this.reader = new ChangeReader(context.tableUri(), context.conf(), changes, columns, allocator);
    this.layout = layout;
    this.readSchema = readSchema;
    this.columnCount = columns.columns().size();
    this.version = changes.version();
    this.timestampMicros = changes.timestamp() * 1000;
  }

  @Override
  public boolean next() {
    while (batch == null || nextRow == batch.rows().rowCount()) {
      closeBatch();
      if (!reader.hasNext()) {
        return false;
      }
      batch = reader.next();
      columnar = columnar(batch.rows());
      nextRow = 0;
    }
    InternalRow values = columnar.getRow(nextRow).copy();
    Object[] row = new Object[layout.size()];
    int column = 0;
    for (int i = 0; i < row.length; i++) {
      row[i] =
          switch (layout.get(i)) {
            case COLUMN -> value(values, column++, readSchema.fields()[i].dataType());
            case CHANGE_TYPE -> UTF8String.fromString(batch.type(nextRow).value());
            case COMMIT_VERSION -> version;
            case COMMIT_TIMESTAMP -> timestampMicros;
            case ROW_ID -> batch.rows().rowId(nextRow);
            case ROW_LAST_UPDATED_VERSION -> batch.rows().rowLastUpdatedVersion(nextRow);
          };
    }
    current = new GenericInternalRow(row);
    nextRow++;
    return true;
  }

  private static Object value(InternalRow values, int column, DataType type) {
    return values.isNullAt(column) ? null : values.get(column, type);
  }

  private ColumnarBatch columnar(FragmentBatch rows) {
    ColumnVector[] vectors = new ColumnVector[columnCount];
    int column = 0;
    for (int i = 0; i < layout.size(); i++) {
      if (layout.get(i) != Output.COLUMN) {
        continue;
      }
      FieldVector vector = rows.root().getVector(column);
      ColumnVector all =
          vector instanceof FixedSizeListVector fsl
              ? new FixedSizeListColumnVector(readSchema.fields()[i].dataType(), fsl)
              : new ArrowColumnVector(vector);
      vectors[column++] =
          rows.livePositions() == null ? all : new LiveRowsColumnVector(all, rows.livePositions());
    }
    return new ColumnarBatch(vectors, rows.rowCount());
  }

  @Override
  public InternalRow get() {
    return current;
  }

  private void closeBatch() {
    if (batch != null) {
      batch.close();
      batch = null;
      columnar = null;
    }
  }

  @Override
  public void close() {
    closeBatch();
    reader.close();
    allocator.close();
  }
}
