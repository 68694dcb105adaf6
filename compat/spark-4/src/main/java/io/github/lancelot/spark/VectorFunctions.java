package io.github.lancelot.spark;

import java.util.List;

/**
 * The vector functions on Spark 4: each with a static {@code invoke}, which Spark calls from
 * generated code and passes on to a scan's pushdowns.
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  /** One function per measure. */
  public static List<VectorFunction> all() {
    return List.of(
        new VectorFunction.L2Distance(),
        new VectorFunction.CosineDistance(),
        new VectorFunction.InnerProduct(),
        new VectorFunction.CosineSimilarity());
  }
}
