package io.github.lancelot.catalog;

import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.spark.VectorFunction;
import java.util.List;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.V2ExpressionUtils;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.types.StructType;
import scala.Tuple3;

/**
 * Lancelot's vector functions in a Spark session, called without a catalog prefix ({@code
 * vector_l2_distance(a, b)}). A call becomes exactly what Spark makes of a call of the catalog's
 * function {@code lance.system.vector_l2_distance}, so a scan receives it the same way.
 */
final class SessionVectorFunctions {
  private SessionVectorFunctions() {}

  /** Registers the function under its name in every session the extensions build. */
  static void register(SparkSessionExtensions extensions, VectorFunction function) {
    extensions.injectFunction(
        new Tuple3<>(
            FunctionIdentifier.apply(function.name()),
            new ExpressionInfo(
                function.getClass().getName(),
                null,
                function.name(),
                function.description(),
                "",
                "",
                "",
                "",
                "",
                "",
                "java_udf"),
            args -> call(function, ScalaCollections.list(args))));
  }

  /**
   * The call of the function on resolved arguments, bound and resolved as Spark resolves a call of
   * a catalog's function; arguments of other types than the function takes are refused.
   */
  static Expression call(VectorFunction function, List<Expression> args) {
    StructType inputs = new StructType();
    for (int i = 0; i < args.size(); i++) {
      inputs = inputs.add("arg" + i, args.get(i).dataType(), args.get(i).nullable());
    }
    ScalarFunction<?> bound = (ScalarFunction<?>) function.bind(inputs);
    return V2ExpressionUtils.resolveScalarFunction(bound, ScalaCollections.seq(args));
  }
}
