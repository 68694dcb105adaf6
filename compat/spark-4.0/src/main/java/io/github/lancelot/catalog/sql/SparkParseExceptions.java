package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.Option;
import scala.collection.immutable.Map;

/** A syntax error as Spark 4.0 reports it: its start and stop positions in the statement. */
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
        origin(line, startPosition),
        origin(line, stopPosition),
        errorClass,
        parameters);
  }

  /** A position in the statement; Spark's {@code Origin} has 9 fields on this line. */
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
        Option.empty());
  }
}
