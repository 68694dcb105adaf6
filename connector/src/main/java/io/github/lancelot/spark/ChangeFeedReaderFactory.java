package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Opens, on an executor, the reader of one version's changed rows. */
final class ChangeFeedReaderFactory implements PartitionReaderFactory {
  private final TableScanContext context;
  private final TableSchema columns;
  private final List<ChangeFeedPartitionReader.Output> layout;
  private final StructType readSchema;

  ChangeFeedReaderFactory(
      TableScanContext context,
      TableSchema columns,
      List<ChangeFeedPartitionReader.Output> layout,
      StructType readSchema) {
    this.context = context;
    this.columns = columns;
    this.layout = List.copyOf(layout);
    this.readSchema = readSchema;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new ChangeFeedPartitionReader(
        context, ((ChangeFeedPartition) partition).changes(), columns, layout, readSchema);
  }
}
