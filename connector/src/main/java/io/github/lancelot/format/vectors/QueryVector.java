package io.github.lancelot.format.vectors;

import java.nio.ByteOrder;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One query vector measured against the rows of a vector column (an Arrow {@code
 * FixedSizeList<Float32>}), straight from the column's float buffer: each batch's values are copied
 * once into an array reused from batch to batch, and every row is measured there with a {@link
 * VectorMeasure}. A row's score is NULL when its vector or one of its elements is NULL, or when the
 * measure is.
 */
public final class QueryVector {
  private final VectorMeasure measure;
  private final float[] query;
  private float[] values = new float[0];
  private FixedSizeListVector column;
  private Float4Vector elements;
  private boolean rowNulls;
  private boolean elementNulls;

  public QueryVector(VectorMeasure measure, float[] query) {
    this.measure = measure;
    this.query = query.clone();
  }

  /** Whether a column of this type holds vectors of the query's dimension. */
  public boolean fits(Field column) {
    return column.getType() instanceof ArrowType.FixedSizeList list
        && list.getListSize() == query.length
        && column.getChildren().size() == 1
        && column.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint element
        && element.getPrecision() == FloatingPointPrecision.SINGLE;
  }

  /** Reads the vectors of the next batch's column. */
  public void load(FixedSizeListVector column) {
    if (!fits(column.getField())) {
      throw new IllegalArgumentException(
          "Column "
              + column.getName()
              + " of type "
              + column.getField()
              + " does not hold vectors of "
              + query.length
              + " floats");
    }
    this.column = column;
    this.elements = (Float4Vector) column.getDataVector();
    int count = column.getValueCount() * query.length;
    if (values.length < count) {
      values = new float[count];
    }
    elements
        .getDataBuffer()
        .nioBuffer(0, count * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer()
        .get(values, 0, count);
    rowNulls = column.getNullCount() > 0;
    elementNulls = elements.getNullCount() > 0;
  }

  /** The measure between the vector at {@code row} of the loaded column and the query. */
  public Float score(int row) {
    if (rowNulls && column.isNull(row)) {
      return null;
    }
    int start = row * query.length;
    if (elementNulls) {
      for (int i = start; i < start + query.length; i++) {
        if (elements.isNull(i)) {
          return null;
        }
      }
    }
    return measure.between(values, start, query, 0, query.length);
  }
}
