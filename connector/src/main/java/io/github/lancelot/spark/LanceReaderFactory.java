package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expression;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Creates, on executors, the reader of one input partition: columnar batches, or for a
 * nearest-neighbour search the at most {@code k} rows it finds.
 */
final class LanceReaderFactory implements PartitionReaderFactory {
  private final TableScanContext context;
  private final TableSchema projection;
  private final Expression condition;
  private final List<LanceScanBuilder.OutputColumn> layout;
  private final StructType readSchema;
  private final NearestNeighbours nearest;

  /**
   * @param condition what the rows read must satisfy (evaluated by the format)
   * @param nearest the search to run, or null to read every row
   */
  LanceReaderFactory(
      TableScanContext context,
      TableSchema projection,
      Expression condition,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema,
      NearestNeighbours nearest) {
    this.context = context;
    this.projection = projection;
    this.condition = condition;
    this.layout = List.copyOf(layout);
    this.readSchema = readSchema;
    this.nearest = nearest;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return nearest == null;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new LancePartitionReader(batches(partition));
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    if (nearest == null) {
      throw new UnsupportedOperationException("Lance scans are columnar");
    }
    int vectorIndex = projection.columns().indexOf(projection.column(nearest.column()).get());
    if (partition instanceof IndexedSearchPartition indexed) {
      return new IndexedNearestRowsReader(
          context, indexed, nearest, projection, layout, readSchema, vectorIndex);
    }
    return new NearestRowsReader(batches(partition), nearest, vectorIndex, readSchema);
  }

  private FragmentBatches batches(InputPartition partition) {
    return new FragmentBatches(
        context,
        ((LanceInputPartition) partition).fragments(),
        projection,
        condition,
        layout,
        readSchema);
  }
}
