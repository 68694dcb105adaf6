package io.github.lancelot.spark;

import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds the scan of a change feed for the columns a query needs: only those of the table's columns
 * are read from the fragments, and the lineage columns only when asked for.
 */
final class ChangeFeedScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns {
  private final Table table;
  private final TableSchema columns;
  private final long start;
  private final long end;
  private final StreamingSource stream;
  private StructType required;

  /**
   * @param columns the columns of the last version
   * @param start the first version, or -1 when only a stream, starting at a snapshot, can read it
   */
  ChangeFeedScanBuilder(
      Table table,
      TableSchema columns,
      StructType schema,
      long start,
      long end,
      StreamingSource stream) {
    this.table = table;
    this.columns = columns;
    this.required = schema;
    this.start = start;
    this.end = end;
    this.stream = stream;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public Scan build() {
    List<TableSchema.Column> read = new ArrayList<>();
    List<ChangeFeedPartitionReader.Output> layout = new ArrayList<>();
    for (StructField field : required.fields()) {
      ChangeFeedPartitionReader.Output output =
          ChangeFeedPartitionReader.Output.named(field.name());
      if (output == ChangeFeedPartitionReader.Output.COLUMN) {
        read.add(columns.column(field.name()).orElseThrow());
      }
      layout.add(output);
    }
    return new ChangeFeedScan(
        table, new TableSchema(read, columns.lastFieldId()), layout, required, start, end, stream);
  }
}
