package io.github.lancelot.format.expressions;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The column equals one of the constants: TRUE when it equals one, NULL when the column is NULL or
 * the list holds a NULL and no constant is equal, FALSE otherwise. An empty list matches no row.
 */
public record In(ColumnReference column, List<Literal> values) implements Expression {
  public In {
    Objects.requireNonNull(column, "column");
    values = List.copyOf(values);
  }

  @Override
  public Expression negate() {
    if (values.isEmpty()) {
      return new Not(this);
    }
    if (values.stream().anyMatch(Literal::isNull)) {
      return new AlwaysFalse();
    }
    Expression all = null;
    for (Literal v : values) {
      Expression differs = new Comparison(Comparison.Operator.NOT_EQUAL, column, v);
      all = all == null ? differs : new And(all, differs);
    }
    return all;
  }

  @Override
  public String toString() {
    return column
        + " IN ("
        + values.stream().map(Literal::toString).collect(Collectors.joining(", "))
        + ")";
  }
}
