package io.github.lancelot.format.expressions;

import java.util.Objects;

/** The column is not NULL (never NULL itself). */
public record IsNotNull(ColumnReference column) implements Expression {
  public IsNotNull {
    Objects.requireNonNull(column, "column");
  }

  @Override
  public Expression negate() {
    return new IsNull(column);
  }

  @Override
  public String toString() {
    return column + " IS NOT NULL";
  }
}
