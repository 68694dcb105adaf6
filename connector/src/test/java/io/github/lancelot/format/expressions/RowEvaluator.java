package io.github.lancelot.format.expressions;

import io.github.lancelot.format.internal.io.StatsOrder;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates a condition on one row by brute force, in SQL's three-valued logic and with Spark's
 * ordering of floating point (NaN equal to itself and above every other value, -0.0 equal to 0.0).
 * A row's values are Longs, Doubles, Strings or null, by column name.
 */
final class RowEvaluator {
  private RowEvaluator() {}

  /** TRUE, FALSE or null for NULL. */
  static Boolean eval(Expression e, Map<String, Object> row) {
    if (e instanceof AlwaysTrue) {
      return true;
    } else if (e instanceof AlwaysFalse) {
      return false;
    } else if (e instanceof And a) {
      Boolean l = eval(a.left(), row);
      Boolean r = eval(a.right(), row);
      if (Boolean.FALSE.equals(l) || Boolean.FALSE.equals(r)) {
        return false;
      }
      return l == null || r == null ? null : true;
    } else if (e instanceof Or o) {
      Boolean l = eval(o.left(), row);
      Boolean r = eval(o.right(), row);
      if (Boolean.TRUE.equals(l) || Boolean.TRUE.equals(r)) {
        return true;
      }
      return l == null || r == null ? null : false;
    } else if (e instanceof Not n) {
      Boolean c = eval(n.child(), row);
      return c == null ? null : !c;
    } else if (e instanceof IsNull n) {
      return row.get(n.column().name()) == null;
    } else if (e instanceof IsNotNull n) {
      return row.get(n.column().name()) != null;
    } else if (e instanceof StartsWith s) {
      Object v = row.get(s.column().name());
      return v == null ? null : ((String) v).startsWith(s.prefix());
    } else if (e instanceof In in) {
      Object v = row.get(in.column().name());
      if (v == null) {
        return null;
      }
      boolean sawNull = false;
      for (Literal l : in.values()) {
        if (l.isNull()) {
          sawNull = true;
        } else if (compare(v, l.value()) == 0) {
          return true;
        }
      }
      return sawNull ? null : false;
    } else if (e instanceof Comparison c) {
      Object v = row.get(c.column().name());
      Object lit = c.value().value();
      if (c.operator() == Comparison.Operator.NULL_SAFE_EQUAL) {
        return v == null || lit == null ? v == lit : compare(v, lit) == 0;
      }
      if (v == null || lit == null) {
        return null;
      }
      int cmp = compare(v, lit);
      return switch (c.operator()) {
        case EQUAL, NULL_SAFE_EQUAL -> cmp == 0;
        case NOT_EQUAL -> cmp != 0;
        case LESS_THAN -> cmp < 0;
        case LESS_THAN_OR_EQUAL -> cmp <= 0;
        case GREATER_THAN -> cmp > 0;
        case GREATER_THAN_OR_EQUAL -> cmp >= 0;
      };
    }
    throw new IllegalArgumentException(e.toString());
  }

  private static int compare(Object value, Object literal) {
    if (value instanceof Double || literal instanceof Double || literal instanceof Float) {
      double a = ((Number) value).doubleValue();
      double b = ((Number) literal).doubleValue();
      if (Double.isNaN(a) || Double.isNaN(b)) {
        return Boolean.compare(Double.isNaN(a), Double.isNaN(b));
      }
      return a < b ? -1 : a > b ? 1 : 0;
    }
    if (literal instanceof BigDecimal) {
      return new BigDecimal(value.toString()).compareTo((BigDecimal) literal);
    }
    return StatsOrder.compare(value, literal);
  }
}
