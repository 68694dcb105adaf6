package io.github.lancelot.format.expressions;

import java.util.Objects;

/** Either condition holds: TRUE when either is TRUE, FALSE when both are FALSE, NULL otherwise. */
public record Or(Expression left, Expression right) implements Expression {
  public Or {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public Expression negate() {
    return new And(left.negate(), right.negate());
  }

  @Override
  public String toString() {
    return operand(left) + " OR " + operand(right);
  }

  private static String operand(Expression e) {
    return e instanceof And ? "(" + e + ")" : e.toString();
  }
}
