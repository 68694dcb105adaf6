package io.github.lancelot.spark;

import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark's view of an Arrow fixed-size list (a vector column) as an array column, which Spark's own
 * {@link ArrowColumnVector} does not offer. Each row's array is a window onto the shared child
 * vector; nothing is copied.
 */
final class FixedSizeListColumnVector extends ColumnVector {
  private final FixedSizeListVector vector;
  private final ArrowColumnVector elements;
  private final int size;

  FixedSizeListColumnVector(DataType type, FixedSizeListVector vector) {
    super(type);
    this.vector = vector;
    this.elements = new ArrowColumnVector(vector.getDataVector());
    this.size = vector.getListSize();
  }

  @Override
  public void close() {
    elements.close();
  }

  @Override
  public boolean hasNull() {
    return vector.getNullCount() > 0;
  }

  @Override
  public int numNulls() {
    return vector.getNullCount();
  }

  @Override
  public boolean isNullAt(int rowId) {
    return vector.isNull(rowId);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    return new ColumnarArray(elements, rowId * size, size);
  }

  @Override
  public boolean getBoolean(int rowId) {
    throw unsupported();
  }

  @Override
  public byte getByte(int rowId) {
    throw unsupported();
  }

  @Override
  public short getShort(int rowId) {
    throw unsupported();
  }

  @Override
  public int getInt(int rowId) {
    throw unsupported();
  }

  @Override
  public long getLong(int rowId) {
    throw unsupported();
  }

  @Override
  public float getFloat(int rowId) {
    throw unsupported();
  }

  @Override
  public double getDouble(int rowId) {
    throw unsupported();
  }

  @Override
  public ColumnarMap getMap(int ordinal) {
    throw unsupported();
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    throw unsupported();
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    throw unsupported();
  }

  @Override
  public byte[] getBinary(int rowId) {
    throw unsupported();
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    throw unsupported();
  }

  private UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("a vector column is read as an array");
  }
}
