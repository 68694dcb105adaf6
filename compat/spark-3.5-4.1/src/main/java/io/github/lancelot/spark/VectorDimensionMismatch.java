package io.github.lancelot.spark;

/**
 * The error of a vector function given vectors of different dimensions, before Spark 4.2: in the
 * words of Spark 4.2's {@code VECTOR_DIMENSION_MISMATCH}.
 */
public final class VectorDimensionMismatch {
  private VectorDimensionMismatch() {}

  public static RuntimeException error(String function, int left, int right) {
    return SparkErrors.vectorFunctionDimensionsDiffer(function, left, right);
  }
}
