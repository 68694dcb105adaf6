package io.github.lancelot.format.expressions;

/** The condition no row matches. */
public record AlwaysFalse() implements Expression {
  @Override
  public Expression negate() {
    return new AlwaysTrue();
  }

  @Override
  public String toString() {
    return "false";
  }
}
