package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.sql.LancelotSqlExtensionsParser.SingleStatementContext;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses a statement with Lancelot's grammar, stopping at the first token that does not fit: the
 * result is the parse tree, or where parsing stopped.
 */
final class StatementParser {
  private StatementParser() {}

  /** A parse tree, or the syntax error that prevented one. */
  record Result(Optional<SingleStatementContext> tree, Optional<SyntaxError> error) {}

  static Result parse(String sql) {
    LancelotSqlExtensionsLexer lexer =
        new LancelotSqlExtensionsLexer(new UpperCaseCharStream(CharStreams.fromString(sql)));
    lexer.removeErrorListeners();
    LancelotSqlExtensionsParser parser =
        new LancelotSqlExtensionsParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.setErrorHandler(new BailErrorStrategy());
    try {
      return new Result(Optional.of(parser.singleStatement()), Optional.empty());
    } catch (ParseCancellationException e) {
      // How ANTLR's bail strategy ends a parse at its first error; the cause holds the offending
      // token.
      Token offending =
          e.getCause() instanceof RecognitionException r && r.getOffendingToken() != null
              ? r.getOffendingToken()
              : parser.getCurrentToken();
      return new Result(Optional.empty(), Optional.of(SyntaxError.at(offending)));
    }
  }
}
