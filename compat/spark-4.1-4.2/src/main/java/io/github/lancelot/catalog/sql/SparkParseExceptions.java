package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.Option;
import scala.collection.immutable.Map;

/**
 * A syntax error as Spark 4.1 and 4.2 report it: only its start position in the statement (their
 * ParseException has no stop position).
 */
final class SparkParseExceptions {
  private SparkParseExceptions() {}

  static ParseException at(
      String sql,
      int line,
      int startPosition,
      int stopPosition,
      String errorClass,
      Map<String, String> parameters) {
    return new ParseException(
        Option.apply(sql), origin(line, startPosition), errorClass, parameters);
  }

  /** A position in the statement; Spark's {@code Origin} has 10 fields on this line. */
  private static Origin origin(int line, int positionInLine) {
    return new Origin(
        Option.apply(line),
        Option.apply(positionInLine),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty());
  }
}
