package io.github.lancelot.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code COUNT(*)} of a version, answered from the row counts in the log without opening a data
 * file.
 */
final class CountStarScan implements LocalScan {
  private final long rows;

  CountStarScan(long rows) {
    this.rows = rows;
  }

  @Override
  public InternalRow[] rows() {
    return new InternalRow[] {new GenericInternalRow(new Object[] {rows})};
  }

  @Override
  public StructType readSchema() {
    return new StructType().add("count(*)", DataTypes.LongType, false);
  }

  @Override
  public String description() {
    return "LanceCountStar(rows=" + rows + ")";
  }
}
