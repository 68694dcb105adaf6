package io.github.lancelot.catalog;

import io.github.lancelot.spark.VectorFunctions;
import org.apache.spark.sql.SparkSessionExtensions;

/**
 * The vector functions in a session before Spark 4.2, which has none of them: all are Lancelot's,
 * registered without a prefix.
 */
final class VectorSearchExtensions {
  private VectorSearchExtensions() {}

  static void inject(SparkSessionExtensions extensions) {
    VectorFunctions.all().forEach(f -> SessionVectorFunctions.register(extensions, f));
  }
}
