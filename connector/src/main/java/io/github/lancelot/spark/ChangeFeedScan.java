package io.github.lancelot.spark;

import io.github.lancelot.format.ChangeFeed;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/**
 * A scan of a change feed, planned on the driver from the log alone: one input partition per
 * version that changed rows, whose task reads only those rows ({@link ChangeFeedPartitionReader});
 * or a stream of it.
 */
final class ChangeFeedScan implements Scan, Batch {
  private final Table table;
  private final TableSchema columns;
  private final List<ChangeFeedPartitionReader.Output> layout;
  private final StructType readSchema;
  private final long start;
  private final long end;
  private final StreamingSource stream;

  /**
   * @param start the first version, or -1 when only a stream, starting at a snapshot, can read it
   */
  ChangeFeedScan(
      Table table,
      TableSchema columns,
      List<ChangeFeedPartitionReader.Output> layout,
      StructType readSchema,
      long start,
      long end,
      StreamingSource stream) {
    this.table = table;
    this.stream = stream;
    this.columns = columns;
    this.layout = layout;
    this.readSchema = readSchema;
    this.start = start;
    this.end = end;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "LanceChangeFeed[" + table.location() + " versions " + start + " to " + end + "]";
  }

  @Override
  public Batch toBatch() {
    if (start < 0) {
      throw SparkErrors.changeFeedStartRequired(stream.name());
    }
    return this;
  }

  /**
   * The changes as a stream ({@link ChangeFeedMicroBatchStream}): from the starting version, or
   * from a snapshot of the last version when none is given; the ending version does not bound it.
   */
  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return new ChangeFeedMicroBatchStream(
        stream.name(),
        table,
        stream.loaded(),
        stream.streamOptions(),
        start,
        columns,
        layout,
        readSchema);
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return ChangeFeed.plan(table, start, end).stream()
        .filter(changes -> !changes.isEmpty())
        .map(ChangeFeedPartition::new)
        .toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new ChangeFeedReaderFactory(
        TableScanContext.create(table.location(), table.conf()), columns, layout, readSchema);
  }
}
