package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;

/** Shipped to executors; creates each task's {@link LanceDataWriter}. */
record LanceDataWriterFactory(TableScanContext context, TableSchema schema, WriteOptions options)
    implements DataWriterFactory {
  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    return new LanceDataWriter(context, schema, options);
  }
}
