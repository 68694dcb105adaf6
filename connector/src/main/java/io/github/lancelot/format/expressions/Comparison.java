package io.github.lancelot.format.expressions;

import java.util.Objects;

/**
 * A column compared with a constant. Values are ordered as column statistics order them: numbers
 * numerically (-0.0 equal to 0.0), strings by Unicode code point, false before true. A comparison
 * with NULL is NULL for every row, except {@code <=>} (null-safe equality), which is TRUE for NULLs
 * when the constant is NULL and FALSE for them otherwise.
 */
public record Comparison(Operator operator, ColumnReference column, Literal value)
    implements Expression {

  /** The comparison operators, with the SQL symbol each is shown as. */
  public enum Operator {
    EQUAL("="),
    NULL_SAFE_EQUAL("<=>"),
    NOT_EQUAL("!="),
    LESS_THAN("<"),
    LESS_THAN_OR_EQUAL("<="),
    GREATER_THAN(">"),
    GREATER_THAN_OR_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    /** The operator with the operands swapped: {@code a < b} is {@code b > a}. */
    public Operator flipped() {
      return switch (this) {
        case LESS_THAN -> GREATER_THAN;
        case LESS_THAN_OR_EQUAL -> GREATER_THAN_OR_EQUAL;
        case GREATER_THAN -> LESS_THAN;
        case GREATER_THAN_OR_EQUAL -> LESS_THAN_OR_EQUAL;
        default -> this;
      };
    }
  }

  public Comparison {
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public Expression negate() {
    if (value.isNull()) {
      // x <=> NULL is never NULL; any other comparison with NULL is never FALSE.
      return operator == Operator.NULL_SAFE_EQUAL ? new IsNotNull(column) : new AlwaysFalse();
    }
    return switch (operator) {
      case EQUAL -> new Comparison(Operator.NOT_EQUAL, column, value);
      case NOT_EQUAL -> new Comparison(Operator.EQUAL, column, value);
      case NULL_SAFE_EQUAL ->
          new Or(new IsNull(column), new Comparison(Operator.NOT_EQUAL, column, value));
      case LESS_THAN -> new Comparison(Operator.GREATER_THAN_OR_EQUAL, column, value);
      case LESS_THAN_OR_EQUAL -> new Comparison(Operator.GREATER_THAN, column, value);
      case GREATER_THAN -> new Comparison(Operator.LESS_THAN_OR_EQUAL, column, value);
      case GREATER_THAN_OR_EQUAL -> new Comparison(Operator.LESS_THAN, column, value);
    };
  }

  @Override
  public String toString() {
    return column + " " + operator.symbol() + " " + value;
  }
}
