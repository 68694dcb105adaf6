package io.github.lancelot.format.expressions;

import java.util.Objects;

/** The column is NULL (never NULL itself). */
public record IsNull(ColumnReference column) implements Expression {
  public IsNull {
    Objects.requireNonNull(column, "column");
  }

  @Override
  public Expression negate() {
    return new IsNotNull(column);
  }

  @Override
  public String toString() {
    return column + " IS NULL";
  }
}
