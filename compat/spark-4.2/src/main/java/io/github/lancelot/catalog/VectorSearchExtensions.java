package io.github.lancelot.catalog;

import io.github.lancelot.spark.VectorFunction;
import io.github.lancelot.spark.VectorFunctions;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;

/**
 * The vector functions in a session on Spark 4.2, which has three of them built in: those stay
 * Spark's own, Lancelot registers the others ({@code vector_cosine_distance}) without a prefix, and
 * a sort over a Lance table by a built-in one is made a search the scan can run ({@link
 * BuiltInVectorSearch}).
 */
final class VectorSearchExtensions {
  private VectorSearchExtensions() {}

  static void inject(SparkSessionExtensions extensions) {
    for (VectorFunction f : VectorFunctions.all()) {
      if (!FunctionRegistry.builtin().functionExists(FunctionIdentifier.apply(f.name()))) {
        SessionVectorFunctions.register(extensions, f);
      }
    }
    extensions.injectOptimizerRule(session -> new BuiltInVectorSearch());
  }
}
