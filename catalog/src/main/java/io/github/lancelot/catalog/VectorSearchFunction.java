package io.github.lancelot.catalog;

import io.github.lancelot.spark.ScalaCollections;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Tuple3;

/**
 * The table function {@code vector_search(table, column, query, k [, version [, filter [, distance
 * [, use_index]]]])}: the {@code k} rows of a table nearest to a query vector, each with its {@code
 * _distance}, nearest first. It is planned as the equivalent {@code ORDER BY ... LIMIT k} query
 * ({@link VectorSearchPlan}), so the scan runs it as a nearest-neighbour search.
 */
final class VectorSearchFunction {
  private VectorSearchFunction() {}

  /** Registers the function, without a catalog prefix, in every session the extensions build. */
  static void register(SparkSessionExtensions extensions) {
    extensions.injectTableFunction(
        new Tuple3<>(
            FunctionIdentifier.apply(VectorSearchArguments.FUNCTION),
            new ExpressionInfo(
                VectorSearchFunction.class.getName(),
                null,
                VectorSearchArguments.FUNCTION,
                VectorSearchArguments.FUNCTION
                    + "(table, column, query, k [, version [, filter [, distance [, use_index]]]])"
                    + " - the k rows of a table nearest to a query vector, with their _distance,"
                    + " nearest first",
                "",
                "",
                "",
                "",
                "",
                "",
                "java_udf"),
            args ->
                new VectorSearchPlan(
                        SparkSession.active(),
                        VectorSearchArguments.bind(ScalaCollections.list(args)))
                    .analyzed()));
  }
}
