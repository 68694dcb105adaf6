package io.github.lancelot.spark;

import org.apache.spark.sql.errors.QueryExecutionErrors;

/**
 * The error of a vector function given vectors of different dimensions, on Spark 4.2: Spark's own
 * {@code VECTOR_DIMENSION_MISMATCH}, which its built-in functions of the same names raise.
 */
public final class VectorDimensionMismatch {
  private VectorDimensionMismatch() {}

  public static RuntimeException error(String function, int left, int right) {
    return QueryExecutionErrors.vectorDimensionMismatchError(function, left, right);
  }
}
