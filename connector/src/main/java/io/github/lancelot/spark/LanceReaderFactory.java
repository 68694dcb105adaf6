package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Creates, on executors, the columnar reader of one fragment. */
final class LanceReaderFactory implements PartitionReaderFactory {
  private final TableScanContext context;
  private final TableSchema projection;
  private final List<LanceScanBuilder.OutputColumn> layout;
  private final StructType readSchema;

  LanceReaderFactory(
      TableScanContext context,
      TableSchema projection,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema) {
    this.context = context;
    this.projection = projection;
    this.layout = List.copyOf(layout);
    this.readSchema = readSchema;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new LancePartitionReader(
        context, ((LanceInputPartition) partition).fragments(), projection, layout, readSchema);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    throw new UnsupportedOperationException("Lance scans are columnar");
  }
}
