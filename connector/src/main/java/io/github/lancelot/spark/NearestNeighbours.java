package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.vectors.QueryVector;
import io.github.lancelot.format.vectors.VectorMeasure;
import java.io.Serializable;
import java.util.Optional;
import java.util.StringJoiner;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.UserDefinedScalarFunc;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.FloatType;

/**
 * An exact nearest-neighbour search pushed into a scan: {@code ORDER BY <vector function>(column,
 * <constant vector>) LIMIT k}, where the column is a vector column of the table ({@code
 * FixedSizeList<Float32>}) and the constant has its dimension and no NULL element. Each task keeps
 * the {@code k} rows of its fragments that come first in that order ({@link NearestRowsReader});
 * Spark still sorts what the tasks return and takes the first {@code k}. Any direction and NULL
 * ordering is kept as given: distances ascending and similarities descending find the nearest.
 */
record NearestNeighbours(
    String column,
    VectorMeasure measure,
    float[] query,
    int k,
    boolean ascending,
    boolean nullsFirst)
    implements Serializable {

  /** The search a top-N pushdown asks for, if it is one this scan can run. */
  static Optional<NearestNeighbours> of(SortOrder[] orders, int limit, TableSchema schema) {
    if (orders.length != 1
        || !(orders[0].expression() instanceof UserDefinedScalarFunc call)
        || call.children().length != 2) {
      return Optional.empty();
    }
    Optional<VectorMeasure> measure = VectorFunction.measureOf(call);
    if (measure.isEmpty()) {
      return Optional.empty();
    }
    // Every measure is symmetric: the column may be either argument.
    Expression[] args = call.children();
    int columnArg = args[0] instanceof NamedReference ? 0 : 1;
    if (!(args[columnArg] instanceof NamedReference ref)
        || ref.fieldNames().length != 1
        || !(args[1 - columnArg] instanceof Literal<?> constant)
        || !(constant.dataType() instanceof ArrayType type)
        || !(type.elementType() instanceof FloatType)
        || !(constant.value() instanceof ArrayData values)) {
      return Optional.empty();
    }
    for (int i = 0; i < values.numElements(); i++) {
      if (values.isNullAt(i)) {
        return Optional.empty();
      }
    }
    float[] query = values.toFloatArray();
    Optional<TableSchema.Column> column = schema.column(ref.fieldNames()[0]);
    if (column.isEmpty() || !new QueryVector(measure.get(), query).fits(column.get().field())) {
      return Optional.empty();
    }
    SortOrder order = orders[0];
    return Optional.of(
        new NearestNeighbours(
            column.get().name(),
            measure.get(),
            query,
            limit,
            order.direction() == SortDirection.ASCENDING,
            order.nullOrdering() == NullOrdering.NULLS_FIRST));
  }

  /** A new scorer of rows against the query. */
  QueryVector scorer() {
    return new QueryVector(measure, query);
  }

  /** The search as EXPLAIN shows it. */
  String describe() {
    StringJoiner values = new StringJoiner(", ", "[", "]");
    int shown = query.length <= 8 ? query.length : 4;
    for (int i = 0; i < shown; i++) {
      values.add(Float.toString(query[i]));
    }
    if (shown < query.length) {
      values.add("... " + query.length + " values");
    }
    return "top "
        + k
        + " by "
        + measure.functionName()
        + "("
        + column
        + ", "
        + values
        + ") "
        + (ascending ? "ASC" : "DESC")
        + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
}
