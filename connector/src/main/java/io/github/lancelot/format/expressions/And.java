package io.github.lancelot.format.expressions;

import java.util.Objects;

/** Both conditions hold: TRUE when both are TRUE, FALSE when either is FALSE, NULL otherwise. */
public record And(Expression left, Expression right) implements Expression {
  public And {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
  }

  @Override
  public Expression negate() {
    return new Or(left.negate(), right.negate());
  }

  @Override
  public String toString() {
    return operand(left) + " AND " + operand(right);
  }

  private static String operand(Expression e) {
    return e instanceof Or ? "(" + e + ")" : e.toString();
  }
}
