package io.github.lancelot.format.expressions;

import java.util.Objects;

/**
 * The negation of a condition: TRUE where it is FALSE, FALSE where it is TRUE, NULL where it is
 * NULL. Evaluators replace it by {@link Expression#negate() child.negate()}, so a {@code Not} they
 * cannot push into its child is never decided from statistics.
 */
public record Not(Expression child) implements Expression {
  public Not {
    Objects.requireNonNull(child, "child");
  }

  @Override
  public Expression negate() {
    return child;
  }

  @Override
  public String toString() {
    return "NOT (" + child + ")";
  }
}
