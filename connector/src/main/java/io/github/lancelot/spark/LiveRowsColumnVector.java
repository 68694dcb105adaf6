package io.github.lancelot.spark;

import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of a column that are still live (not deleted), shown by position over the vector holding
 * all of a batch's rows: row {@code i} is row {@code positions[i]} of the underlying vector.
 * Deleted rows are skipped without copying any value, whatever the column's type. The underlying
 * vector owns the memory; closing this view releases nothing.
 */
final class LiveRowsColumnVector extends ColumnVector {
  private final ColumnVector all;
  private final int[] positions;
  private ColumnVector[] children;
  private int nulls = -1;

  LiveRowsColumnVector(ColumnVector all, int[] positions) {
    super(all.dataType());
    this.all = all;
    this.positions = positions;
  }

  @Override
  public void close() {}

  @Override
  public boolean hasNull() {
    return all.hasNull() && numNulls() > 0;
  }

  @Override
  public int numNulls() {
    if (nulls < 0) {
      int n = 0;
      if (all.hasNull()) {
        for (int p : positions) {
          if (all.isNullAt(p)) {
            n++;
          }
        }
      }
      nulls = n;
    }
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return all.isNullAt(positions[rowId]);
  }

  @Override
  public boolean getBoolean(int rowId) {
    return all.getBoolean(positions[rowId]);
  }

  @Override
  public byte getByte(int rowId) {
    return all.getByte(positions[rowId]);
  }

  @Override
  public short getShort(int rowId) {
    return all.getShort(positions[rowId]);
  }

  @Override
  public int getInt(int rowId) {
    return all.getInt(positions[rowId]);
  }

  @Override
  public long getLong(int rowId) {
    return all.getLong(positions[rowId]);
  }

  @Override
  public float getFloat(int rowId) {
    return all.getFloat(positions[rowId]);
  }

  @Override
  public double getDouble(int rowId) {
    return all.getDouble(positions[rowId]);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    return all.getArray(positions[rowId]);
  }

  @Override
  public ColumnarMap getMap(int ordinal) {
    return all.getMap(positions[ordinal]);
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    return all.getDecimal(positions[rowId], precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return all.getUTF8String(positions[rowId]);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return all.getBinary(positions[rowId]);
  }

  /**
   * A struct's fields are shown with the same positions, so a struct row reads its live row's
   * fields.
   */
  @Override
  public ColumnVector getChild(int ordinal) {
    if (children == null) {
      children = new ColumnVector[((org.apache.spark.sql.types.StructType) type).size()];
    }
    if (children[ordinal] == null) {
      children[ordinal] = new LiveRowsColumnVector(all.getChild(ordinal), positions);
    }
    return children[ordinal];
  }
}
