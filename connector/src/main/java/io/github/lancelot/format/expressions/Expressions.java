package io.github.lancelot.format.expressions;

import io.github.lancelot.format.expressions.Comparison.Operator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link Expression}s: {@code Expressions.and(greaterThan("id", literal(10L)),
 * isNotNull("name"))}. {@code and}, {@code or} and {@code not} simplify constant operands away.
 */
public final class Expressions {
  private Expressions() {}

  public static ColumnReference column(String name) {
    return new ColumnReference(name);
  }

  public static Literal literal(long value) {
    return new Literal(Literal.Type.LONG, value);
  }

  public static Literal literal(int value) {
    return new Literal(Literal.Type.INT, value);
  }

  public static Literal literal(short value) {
    return new Literal(Literal.Type.SHORT, value);
  }

  public static Literal literal(byte value) {
    return new Literal(Literal.Type.BYTE, value);
  }

  public static Literal literal(double value) {
    return new Literal(Literal.Type.DOUBLE, value);
  }

  public static Literal literal(float value) {
    return new Literal(Literal.Type.FLOAT, value);
  }

  public static Literal literal(boolean value) {
    return new Literal(Literal.Type.BOOLEAN, value);
  }

  public static Literal literal(String value) {
    return new Literal(Literal.Type.STRING, value);
  }

  public static Literal literal(BigDecimal value) {
    return new Literal(Literal.Type.DECIMAL, value);
  }

  public static Literal literal(LocalDate value) {
    return dateLiteral(Math.toIntExact(value.toEpochDay()));
  }

  public static Literal literal(Instant value) {
    return timestampLiteral(ChronoUnit.MICROS.between(Instant.EPOCH, value));
  }

  /** A date as days since 1970-01-01. */
  public static Literal dateLiteral(int days) {
    return new Literal(Literal.Type.DATE, days);
  }

  /** A timestamp as microseconds since 1970-01-01T00:00. */
  public static Literal timestampLiteral(long micros) {
    return new Literal(Literal.Type.TIMESTAMP, micros);
  }

  /** A NULL of the given type. */
  public static Literal nullLiteral(Literal.Type type) {
    return new Literal(type, null);
  }

  public static Expression equal(String column, Literal value) {
    return compare(Operator.EQUAL, column, value);
  }

  /**
   * {@code column <=> value}: like {@code =}, but NULL equals NULL and the result is never NULL.
   */
  public static Expression nullSafeEqual(String column, Literal value) {
    return compare(Operator.NULL_SAFE_EQUAL, column, value);
  }

  public static Expression notEqual(String column, Literal value) {
    return compare(Operator.NOT_EQUAL, column, value);
  }

  public static Expression lessThan(String column, Literal value) {
    return compare(Operator.LESS_THAN, column, value);
  }

  public static Expression lessThanOrEqual(String column, Literal value) {
    return compare(Operator.LESS_THAN_OR_EQUAL, column, value);
  }

  public static Expression greaterThan(String column, Literal value) {
    return compare(Operator.GREATER_THAN, column, value);
  }

  public static Expression greaterThanOrEqual(String column, Literal value) {
    return compare(Operator.GREATER_THAN_OR_EQUAL, column, value);
  }

  public static Expression compare(Operator operator, String column, Literal value) {
    return new Comparison(operator, column(column), value);
  }

  public static Expression in(String column, Literal... values) {
    return in(column, Arrays.asList(values));
  }

  public static Expression in(String column, List<Literal> values) {
    return new In(column(column), values);
  }

  public static Expression isNull(String column) {
    return new IsNull(column(column));
  }

  public static Expression isNotNull(String column) {
    return new IsNotNull(column(column));
  }

  public static Expression startsWith(String column, String prefix) {
    return new StartsWith(column(column), prefix);
  }

  public static Expression alwaysTrue() {
    return new AlwaysTrue();
  }

  public static Expression alwaysFalse() {
    return new AlwaysFalse();
  }

  public static Expression and(Expression left, Expression right) {
    if (left instanceof AlwaysFalse || right instanceof AlwaysTrue) {
      return left;
    }
    if (right instanceof AlwaysFalse || left instanceof AlwaysTrue) {
      return right;
    }
    return new And(left, right);
  }

  /** All of the conditions; {@code true} when there are none. */
  public static Expression and(List<Expression> conditions) {
    Expression all = alwaysTrue();
    for (Expression c : conditions) {
      all = and(all, c);
    }
    return all;
  }

  public static Expression or(Expression left, Expression right) {
    if (left instanceof AlwaysTrue || right instanceof AlwaysFalse) {
      return left;
    }
    if (right instanceof AlwaysTrue || left instanceof AlwaysFalse) {
      return right;
    }
    return new Or(left, right);
  }

  public static Expression not(Expression child) {
    if (child instanceof AlwaysTrue || child instanceof AlwaysFalse) {
      return child.negate();
    }
    return new Not(child);
  }
}
