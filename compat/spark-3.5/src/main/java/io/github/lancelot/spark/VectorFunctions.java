package io.github.lancelot.spark;

import io.github.lancelot.format.vectors.VectorMeasure;
import java.util.Arrays;
import java.util.List;

/**
 * The vector functions on Spark 3.5: without a static {@code invoke}, so Spark calls them through
 * {@code produceResult}, the one form of a catalog function Spark 3.5 passes on to a scan's
 * pushdowns.
 */
public final class VectorFunctions {
  private VectorFunctions() {}

  /** One function per measure. */
  public static List<VectorFunction> all() {
    return Arrays.stream(VectorMeasure.values()).map(VectorFunction::new).toList();
  }
}
