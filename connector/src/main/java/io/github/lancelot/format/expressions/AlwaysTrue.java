package io.github.lancelot.format.expressions;

/** The condition every row matches. */
public record AlwaysTrue() implements Expression {
  @Override
  public Expression negate() {
    return new AlwaysFalse();
  }

  @Override
  public String toString() {
    return "true";
  }
}
