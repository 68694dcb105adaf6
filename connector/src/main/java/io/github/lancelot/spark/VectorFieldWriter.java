package io.github.lancelot.spark;

import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.arrow.ArrowFieldWriter;

/**
 * Writes Spark arrays into an Arrow fixed-size list (a vector column), the one column kind Spark's
 * Arrow writer lacks. An array of another length is refused with the column, row and both
 * dimensions.
 */
final class VectorFieldWriter extends ArrowFieldWriter {
  private final FixedSizeListVector vector;
  private final String column;
  private final int dimension;
  private final RowCounter rows;

  /** Counts the rows a task has written before the current batch, for error messages. */
  interface RowCounter {
    long rowsBeforeBatch();
  }

  VectorFieldWriter(FixedSizeListVector vector, RowCounter rows) {
    if (!(vector.getDataVector() instanceof Float4Vector
        || vector.getDataVector() instanceof Float8Vector)) {
      throw SparkErrors.unsupportedType(
          vector.getName(),
          vector.getField().getType() + " of " + vector.getDataVector().getField().getType());
    }
    this.vector = vector;
    this.column = vector.getName();
    this.dimension = vector.getListSize();
    this.rows = rows;
  }

  @Override
  public ValueVector valueVector() {
    return vector;
  }

  @Override
  public void setNull() {
    vector.setNull(count());
  }

  @Override
  public void setValue(SpecializedGetters input, int ordinal) {
    ArrayData array = input.getArray(ordinal);
    int index = count();
    if (array.numElements() != dimension) {
      throw SparkErrors.vectorDimensionMismatch(
          column, rows.rowsBeforeBatch() + index, dimension, array.numElements());
    }
    vector.setNotNull(index);
    ValueVector values = vector.getDataVector();
    int start = index * dimension;
    if (values instanceof Float4Vector floats) {
      for (int k = 0; k < dimension; k++) {
        if (array.isNullAt(k)) {
          floats.setNull(start + k);
        } else {
          floats.setSafe(start + k, array.getFloat(k));
        }
      }
    } else {
      Float8Vector doubles = (Float8Vector) values;
      for (int k = 0; k < dimension; k++) {
        if (array.isNullAt(k)) {
          doubles.setNull(start + k);
        } else {
          doubles.setSafe(start + k, array.getDouble(k));
        }
      }
    }
  }
}
