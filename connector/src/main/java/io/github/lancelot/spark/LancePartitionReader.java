package io.github.lancelot.spark;

import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads the fragments of one input partition, one after the other, as Spark columnar batches over
 * the Arrow vectors ({@link FragmentBatches}).
 */
final class LancePartitionReader implements PartitionReader<ColumnarBatch> {
  private final FragmentBatches batches;

  LancePartitionReader(FragmentBatches batches) {
    this.batches = batches;
  }

  @Override
  public boolean next() {
    return batches.next();
  }

  @Override
  public ColumnarBatch get() {
    return batches.columnar();
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return batches.metrics();
  }

  @Override
  public void close() {
    batches.close();
  }
}
