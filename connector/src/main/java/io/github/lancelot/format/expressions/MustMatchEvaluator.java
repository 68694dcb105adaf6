package io.github.lancelot.format.expressions;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Comparison.Operator;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Decides from a fragment's column statistics whether every one of its rows matches a condition, so
 * that a DELETE can remove the whole fragment without reading it. It answers true only when the
 * statistics prove it: they cover all physical rows, so every live row matches too. Whatever it
 * cannot decide (a column without statistics, an unknown column, a NULL it cannot rule out, a NaN,
 * a literal of another type, a {@code NOT} that cannot be pushed down) does not match.
 */
public final class MustMatchEvaluator {
  private final TableSchema schema;
  private final Expression condition;

  /**
   * @param schema the schema of the snapshot the fragments belong to
   * @param condition the condition rows must satisfy
   */
  public MustMatchEvaluator(TableSchema schema, Expression condition) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.condition = Objects.requireNonNull(condition, "condition");
  }

  /** True only if the statistics prove that every row of the fragment matches. */
  public boolean mustMatch(Fragment fragment) {
    return mustMatch(condition, fragment);
  }

  private boolean mustMatch(Expression e, Fragment f) {
    if (e instanceof AlwaysTrue) {
      return true;
    } else if (e instanceof AlwaysFalse) {
      return false;
    } else if (e instanceof And a) {
      return mustMatch(a.left(), f) && mustMatch(a.right(), f);
    } else if (e instanceof Or o) {
      return mustMatch(o.left(), f) || mustMatch(o.right(), f);
    } else if (e instanceof Not n) {
      Expression pushed = n.child().negate();
      return !(pushed instanceof Not) && mustMatch(pushed, f);
    } else if (e instanceof Comparison c) {
      return mustMatch(c.operator(), c.column(), c.value(), f);
    } else if (e instanceof In in) {
      for (Literal v : in.values()) {
        if (!v.isNull() && mustMatch(Operator.EQUAL, in.column(), v, f)) {
          return true;
        }
      }
      return false;
    } else if (e instanceof IsNull n) {
      return bounds(n.column(), f).map(ColumnBounds::allNull).orElse(false);
    } else if (e instanceof IsNotNull n) {
      return bounds(n.column(), f).map(b -> b.nullCount() == 0).orElse(false);
    } else if (e instanceof StartsWith s) {
      return mustStartWith(s, f);
    }
    throw new IllegalStateException("unknown expression " + e);
  }

  private boolean mustMatch(Operator op, ColumnReference column, Literal literal, Fragment f) {
    if (literal.isNull()) {
      return op == Operator.NULL_SAFE_EQUAL && mustMatch(new IsNull(column), f);
    }
    Optional<ColumnBounds> bounds = bounds(column, f);
    if (bounds.isEmpty() || bounds.get().nullCount() != 0) {
      return false;
    }
    Object v = StatsDomain.literal(type(column), literal);
    Object lo = bounds.get().lower();
    Object hi = bounds.get().upper();
    if (v == null) {
      return false;
    }
    return switch (op) {
      case EQUAL, NULL_SAFE_EQUAL ->
          lo != null
              && hi != null
              && StatsDomain.compare(lo, v) == 0
              && StatsDomain.compare(hi, v) == 0;
      case NOT_EQUAL ->
          lo != null && StatsDomain.compare(lo, v) > 0
              || hi != null && StatsDomain.compare(hi, v) < 0;
      case LESS_THAN -> hi != null && StatsDomain.compare(hi, v) < 0;
      case LESS_THAN_OR_EQUAL -> hi != null && StatsDomain.compare(hi, v) <= 0;
      case GREATER_THAN -> lo != null && StatsDomain.compare(lo, v) > 0;
      case GREATER_THAN_OR_EQUAL -> lo != null && StatsDomain.compare(lo, v) >= 0;
    };
  }

  /** Values between two strings that both start with the prefix start with it too. */
  private boolean mustStartWith(StartsWith s, Fragment f) {
    Optional<ColumnBounds> bounds = bounds(s.column(), f);
    if (bounds.isEmpty()
        || bounds.get().nullCount() != 0
        || !(type(s.column()) instanceof ArrowType.Utf8)) {
      return false;
    }
    String prefix = s.prefix();
    return bounds.get().lower() instanceof String lo
        && Prefixes.head(lo, prefix).equals(prefix)
        && bounds.get().upper() instanceof String hi
        && Prefixes.head(hi, prefix).equals(prefix);
  }

  private Optional<ColumnBounds> bounds(ColumnReference column, Fragment f) {
    return schema.column(column.name()).flatMap(c -> ColumnBounds.of(c, f));
  }

  private ArrowType type(ColumnReference column) {
    return schema.column(column.name()).orElseThrow().field().getType();
  }
}
