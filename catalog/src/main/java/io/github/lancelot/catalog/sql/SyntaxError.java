package io.github.lancelot.catalog.sql;

import io.github.lancelot.spark.ScalaCollections;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;
import scala.collection.immutable.Map;

/**
 * Where Lancelot's grammar stopped on a statement it could not parse: the line (from 1), the
 * position in the line (from 0) and length of the offending token, and how Spark names that token
 * in its messages.
 */
record SyntaxError(int line, int position, int length, String near) {
  static SyntaxError at(Token token) {
    String near = token.getType() == Token.EOF ? "end of input" : "'" + token.getText() + "'";
    int length =
        token.getType() == Token.EOF ? 0 : token.getStopIndex() - token.getStartIndex() + 1;
    return new SyntaxError(token.getLine(), token.getCharPositionInLine(), length, near);
  }

  /**
   * Whether this error lies further into the statement than Spark's: the further a parser got, the
   * more likely the statement was meant for it. A tie, or an error of Spark's without a position,
   * goes to Spark.
   */
  boolean isFurtherThan(ParseException spark) {
    Origin start = spark.start();
    if (start.line().isEmpty() || start.startPosition().isEmpty()) {
      return false;
    }
    int sparkLine = (Integer) start.line().get();
    int sparkPosition = (Integer) start.startPosition().get();
    return line > sparkLine || (line == sparkLine && position > sparkPosition);
  }

  /**
   * The error as Spark reports a syntax error: {@code [PARSE_SYNTAX_ERROR] Syntax error at or near
   * 'x'}.
   */
  ParseException toParseException(String sql) {
    Map<String, String> parameters =
        ScalaCollections.map(java.util.Map.of("error", near, "hint", ""));
    return SparkParseExceptions.at(
        sql, line, position, position + length, "PARSE_SYNTAX_ERROR", parameters);
  }
}
