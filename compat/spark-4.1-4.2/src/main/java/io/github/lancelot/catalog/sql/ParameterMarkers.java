package io.github.lancelot.catalog.sql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.parser.HybridParameterContext;
import org.apache.spark.sql.catalyst.parser.NamedParameterContext;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.PositionalParameterContext;
import org.apache.spark.sql.types.IntegralType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The parameter markers of one of Lancelot's statements ({@code :name} and {@code ?}, outside
 * strings and quoted identifiers) replaced by their arguments' literals.
 */
record ParameterMarkers(String bound, List<String> unbound) {
  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{Nd}_]*");

  static ParameterMarkers bind(String sql, ParameterContext parameters) {
    Map<String, Expression> named = new HashMap<>();
    List<Expression> positional = new ArrayList<>();
    if (parameters instanceof NamedParameterContext n) {
      named.putAll(CollectionConverters.asJava(n.params()));
    } else if (parameters instanceof PositionalParameterContext p) {
      positional.addAll(CollectionConverters.asJava(p.params()));
    } else if (parameters instanceof HybridParameterContext h) {
      List<Expression> args = CollectionConverters.asJava(h.args());
      List<String> names = CollectionConverters.asJava(h.paramNames());
      for (int i = 0; i < args.size(); i++) {
        String name = i < names.size() ? names.get(i) : null;
        if (name == null || name.isEmpty()) {
          positional.add(args.get(i));
        } else {
          named.put(name, args.get(i));
        }
      }
    }
    List<? extends Token> tokens =
        new LancelotSqlExtensionsLexer(new UpperCaseCharStream(CharStreams.fromString(sql)))
            .getAllTokens();
    StringBuilder bound = new StringBuilder();
    List<String> unbound = new ArrayList<>();
    int copied = 0;
    int nextPositional = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.getType() != LancelotSqlExtensionsLexer.UNRECOGNIZED) {
        continue;
      }
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      if (token.getText().equals("?")) {
        Expression value =
            nextPositional < positional.size() ? positional.get(nextPositional) : null;
        nextPositional++;
        if (value == null) {
          unbound.add("?" + nextPositional);
          continue;
        }
        bound.append(sql, copied, token.getStartIndex()).append(literal(value));
        copied = token.getStopIndex() + 1;
      } else if (token.getText().equals(":")
          && next != null
          && next.getStartIndex() == token.getStopIndex() + 1
          && NAME.matcher(next.getText()).matches()) {
        Expression value = named.get(next.getText());
        if (value == null) {
          unbound.add(next.getText());
          continue;
        }
        bound.append(sql, copied, token.getStartIndex()).append(literal(value));
        copied = next.getStopIndex() + 1;
        i++;
      }
    }
    bound.append(sql.substring(copied));
    return new ParameterMarkers(bound.toString(), List.copyOf(unbound));
  }

  /** An argument as SQL text; whole numbers without Spark's type suffixes ({@code 2L}). */
  private static String literal(Expression value) {
    if (value instanceof Literal literal
        && literal.dataType() instanceof IntegralType
        && literal.value() != null) {
      return literal.value().toString();
    }
    return value.sql();
  }
}
