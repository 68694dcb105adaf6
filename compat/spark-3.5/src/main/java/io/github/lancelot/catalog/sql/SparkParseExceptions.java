package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import scala.Option;
import scala.collection.immutable.Map;

/** A syntax error as Spark 3.5 reports it: its start and stop positions in the statement. */
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
        Option.apply(sql),
        SparkOrigins.at(line, startPosition),
        SparkOrigins.at(line, stopPosition),
        errorClass,
        parameters);
  }
}
