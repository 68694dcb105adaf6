package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
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
        Option.apply(sql), SparkOrigins.at(line, startPosition), errorClass, parameters);
  }
}
