package io.github.lancelot.format.expressions;

import java.util.Objects;

/**
 * A string column begins with the prefix (compared by code point); NULL when the column is NULL.
 */
public record StartsWith(ColumnReference column, String prefix) implements Expression {
  public StartsWith {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Expression negate() {
    return new Not(this);
  }

  @Override
  public String toString() {
    return "STARTS_WITH(" + column + ", " + new Literal(Literal.Type.STRING, prefix) + ")";
  }
}
