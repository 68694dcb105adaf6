package io.github.lancelot.catalog;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Option;

/**
 * The arguments of one call of {@code vector_search}, bound to its parameters by position, then by
 * name ({@code k => 10}), and read as constants of the types the parameters take. The first four
 * are required; the others may be left out or NULL for their defaults.
 *
 * @param version the version to read as Spark's {@code VERSION AS OF} takes it (a number or a tag
 *     name), if any
 * @param timestamp the time to read as of ({@code TIMESTAMP AS OF}), if any
 * @param query the query vector, with no NULL element
 */
record VectorSearchArguments(
    String table,
    String column,
    Literal query,
    int k,
    Optional<String> version,
    Optional<Literal> timestamp,
    Optional<String> filter,
    VectorSearchDistance distance,
    boolean useIndex) {

  static final String FUNCTION = "vector_search";
  private static final List<String> PARAMETERS =
      List.of("table", "column", "query", "k", "version", "filter", "distance", "use_index");
  private static final int REQUIRED = 4;
  private static final String SIGNATURE =
      "(table STRING, column STRING, query ARRAY<FLOAT>, k INT [, version (a number, tag name"
          + " or TIMESTAMP) [, filter STRING [, distance STRING [, use_index BOOLEAN]]]]),"
          + " by position or by name (k => 10)";

  static VectorSearchArguments bind(List<Expression> args) {
    Expression[] given = byParameter(args);
    for (int i = 0; i < REQUIRED; i++) {
      if (isMissing(given[i])) {
        throw invalidCall("argument '" + PARAMETERS.get(i) + "' is missing or NULL");
      }
    }
    String table = string(given[0], 0);
    String column = string(given[1], 1);
    Literal query = queryVector(given[2], table, column);
    int k = nearestCount(given[3], table);
    Optional<String> version = Optional.empty();
    Optional<Literal> timestamp = Optional.empty();
    if (!isMissing(given[4])) {
      DataType type = given[4].dataType();
      Object value = constant(given[4], 4);
      if (type instanceof TimestampType
          || type instanceof TimestampNTZType
          || type instanceof DateType) {
        timestamp = Optional.of(new Literal(value, type));
      } else if (type instanceof StringType || isIntegral(type)) {
        version = Optional.of(value.toString());
      } else {
        throw wrongType(4, "a number, a tag name or a TIMESTAMP", type);
      }
    }
    Optional<String> filter =
        isMissing(given[5]) ? Optional.empty() : Optional.of(string(given[5], 5));
    VectorSearchDistance distance =
        isMissing(given[6])
            ? VectorSearchDistance.L2
            : VectorSearchDistance.named(string(given[6], 6), table);
    boolean useIndex = isMissing(given[7]) || bool(given[7], 7);
    return new VectorSearchArguments(
        table, column, query, k, version, timestamp, filter, distance, useIndex);
  }

  /** The number of values of the query vector. */
  int queryDimension() {
    return ((ArrayData) query.value()).numElements();
  }

  /** The arguments in the order of the parameters; null where one is left out. */
  private static Expression[] byParameter(List<Expression> args) {
    Expression[] given = new Expression[PARAMETERS.size()];
    int position = 0;
    boolean named = false;
    for (Expression arg : args) {
      if (arg instanceof NamedArgumentExpression n) {
        named = true;
        int index = indexOf(n.key());
        if (index < 0) {
          throw invalidCall("it has no parameter '" + n.key() + "'");
        }
        if (given[index] != null) {
          throw invalidCall("argument '" + PARAMETERS.get(index) + "' is given more than once");
        }
        given[index] = n.value();
      } else if (named) {
        throw invalidCall("an argument by position follows one by name");
      } else if (position == PARAMETERS.size()) {
        throw invalidCall(
            "it takes at most "
                + PARAMETERS.size()
                + " arguments, but "
                + args.size()
                + " were given");
      } else {
        given[position++] = arg;
      }
    }
    return given;
  }

  private static int indexOf(String name) {
    for (int i = 0; i < PARAMETERS.size(); i++) {
      if (PARAMETERS.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isMissing(Expression arg) {
    return arg == null
        || arg.dataType() instanceof NullType
        || (arg.foldable() && arg.eval(null) == null);
  }

  private static Object constant(Expression arg, int index) {
    if (!arg.foldable()) {
      throw invalidCall(
          "argument '"
              + PARAMETERS.get(index)
              + "' must be a constant, not a value that depends on a table's rows");
    }
    return arg.eval(null);
  }

  private static String string(Expression arg, int index) {
    if (!(arg.dataType() instanceof StringType)) {
      throw wrongType(index, "STRING", arg.dataType());
    }
    return constant(arg, index).toString();
  }

  private static boolean bool(Expression arg, int index) {
    if (!(arg.dataType() instanceof BooleanType)) {
      throw wrongType(index, "BOOLEAN", arg.dataType());
    }
    return (Boolean) constant(arg, index);
  }

  private static int nearestCount(Expression arg, String table) {
    if (!isIntegral(arg.dataType())) {
      throw wrongType(3, "INT", arg.dataType());
    }
    long k = ((Number) constant(arg, 3)).longValue();
    if (k <= 0 || k > Integer.MAX_VALUE) {
      throw CatalogErrors.invalidNearestCount(table, Long.toString(k));
    }
    return (int) k;
  }

  private static boolean isIntegral(DataType type) {
    return type instanceof IntegerType
        || type instanceof LongType
        || type instanceof ShortType
        || type instanceof ByteType;
  }

  /**
   * The query as a constant {@code ARRAY<FLOAT>}; an array of other numbers is cast, as Spark casts
   * them.
   */
  private static Literal queryVector(Expression arg, String table, String column) {
    if (!(arg.dataType() instanceof ArrayType array)
        || !(array.elementType() instanceof NumericType)) {
      throw CatalogErrors.invalidQueryVector(
          table, column, "it is of type " + arg.dataType().sql() + ", not ARRAY<FLOAT>");
    }
    if (!arg.foldable()) {
      throw CatalogErrors.invalidQueryVector(
          table, column, "it must be a constant, not a value that depends on a table's rows");
    }
    ArrayType floats = DataTypes.createArrayType(DataTypes.FloatType, array.containsNull());
    Expression cast =
        array.sameType(floats)
            ? arg
            : new Cast(arg, floats, Option.apply(SQLConf.get().sessionLocalTimeZone()));
    ArrayData values = (ArrayData) cast.eval(null);
    for (int i = 0; i < values.numElements(); i++) {
      if (values.isNullAt(i)) {
        throw CatalogErrors.invalidQueryVector(table, column, "element " + (i + 1) + " is NULL");
      }
    }
    return new Literal(values, DataTypes.createArrayType(DataTypes.FloatType, false));
  }

  private static IllegalArgumentException wrongType(int index, String expected, DataType given) {
    return invalidCall(
        "argument '"
            + PARAMETERS.get(index)
            + "' must be "
            + (expected.startsWith("a ") ? expected : "of type " + expected)
            + ", not of type "
            + given.sql());
  }

  private static IllegalArgumentException invalidCall(String problem) {
    return CatalogErrors.invalidFunctionCall(FUNCTION, problem, SIGNATURE);
  }
}
