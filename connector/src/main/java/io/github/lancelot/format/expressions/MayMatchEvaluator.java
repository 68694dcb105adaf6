package io.github.lancelot.format.expressions;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Comparison.Operator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Decides from a fragment's column statistics whether any of its rows may match a condition; a
 * fragment it rules out can be skipped by a scan. It answers false only when the statistics prove
 * that no row matches. Whatever it cannot decide (a column without statistics, an unknown column, a
 * NaN, a literal of another type, a {@code NOT} that cannot be pushed down) may match.
 */
public final class MayMatchEvaluator {
  private final Expression condition;
  private final Map<String, TableSchema.Column> columns = new HashMap<>();

  /**
   * @param schema the schema of the snapshot the fragments belong to
   * @param condition the condition rows must satisfy
   */
  public MayMatchEvaluator(TableSchema schema, Expression condition) {
    Objects.requireNonNull(schema, "schema");
    this.condition = Objects.requireNonNull(condition, "condition");
    // Looked up once here rather than for every fragment a scan tests.
    schema.columns().forEach(c -> columns.putIfAbsent(c.name(), c));
  }

  /** False only if the statistics prove that no row of the fragment matches. */
  public boolean mayMatch(Fragment fragment) {
    return mayMatch(condition, fragment);
  }

  private boolean mayMatch(Expression e, Fragment f) {
    if (e instanceof AlwaysTrue) {
      return true;
    } else if (e instanceof AlwaysFalse) {
      return false;
    } else if (e instanceof And a) {
      return mayMatch(a.left(), f) && mayMatch(a.right(), f);
    } else if (e instanceof Or o) {
      return mayMatch(o.left(), f) || mayMatch(o.right(), f);
    } else if (e instanceof Not n) {
      Expression pushed = n.child().negate();
      return pushed instanceof Not || mayMatch(pushed, f);
    } else if (e instanceof Comparison c) {
      return mayMatch(c.operator(), c.column(), c.value(), f);
    } else if (e instanceof In in) {
      for (Literal v : in.values()) {
        if (!v.isNull() && mayMatch(Operator.EQUAL, in.column(), v, f)) {
          return true;
        }
      }
      return false;
    } else if (e instanceof IsNull n) {
      return bounds(n.column(), f).map(b -> b.nullCount() > 0).orElse(true);
    } else if (e instanceof IsNotNull n) {
      return bounds(n.column(), f).map(b -> !b.allNull()).orElse(true);
    } else if (e instanceof StartsWith s) {
      return mayStartWith(s, f);
    }
    throw new IllegalStateException("unknown expression " + e);
  }

  private boolean mayMatch(Operator op, ColumnReference column, Literal literal, Fragment f) {
    if (literal.isNull()) {
      return op == Operator.NULL_SAFE_EQUAL && mayMatch(new IsNull(column), f);
    }
    Optional<ColumnBounds> bounds = bounds(column, f);
    if (bounds.isEmpty()) {
      return true;
    }
    ColumnBounds b = bounds.get();
    if (b.allNull()) {
      return false;
    }
    Object v = StatsDomain.literal(type(column), literal);
    Object lo = b.lower();
    Object hi = b.upper();
    if (v == null) {
      return true;
    }
    return switch (op) {
      case EQUAL, NULL_SAFE_EQUAL ->
          (lo == null || StatsDomain.compare(lo, v) <= 0)
              && (hi == null || StatsDomain.compare(hi, v) >= 0);
      case NOT_EQUAL ->
          lo == null
              || hi == null
              || StatsDomain.compare(lo, v) != 0
              || StatsDomain.compare(hi, v) != 0;
      case LESS_THAN -> lo == null || StatsDomain.compare(lo, v) < 0;
      case LESS_THAN_OR_EQUAL -> lo == null || StatsDomain.compare(lo, v) <= 0;
      case GREATER_THAN -> hi == null || StatsDomain.compare(hi, v) > 0;
      case GREATER_THAN_OR_EQUAL -> hi == null || StatsDomain.compare(hi, v) >= 0;
    };
  }

  /**
   * A value starting with the prefix is at least the prefix, and its first code points are the
   * prefix.
   */
  private boolean mayStartWith(StartsWith s, Fragment f) {
    Optional<ColumnBounds> bounds = bounds(s.column(), f);
    if (bounds.isEmpty()) {
      return true;
    }
    ColumnBounds b = bounds.get();
    if (b.allNull()) {
      return false;
    }
    if (!(type(s.column()) instanceof ArrowType.Utf8)) {
      return true;
    }
    String prefix = s.prefix();
    if (b.upper() instanceof String hi && StatsDomain.compare(hi, prefix) < 0) {
      return false;
    }
    return !(b.lower() instanceof String lo
        && StatsDomain.compare(Prefixes.head(lo, prefix), prefix) > 0);
  }

  private Optional<ColumnBounds> bounds(ColumnReference column, Fragment f) {
    TableSchema.Column c = columns.get(column.name());
    return c == null ? Optional.empty() : ColumnBounds.of(c, f);
  }

  private ArrowType type(ColumnReference column) {
    return columns.get(column.name()).field().getType();
  }
}
