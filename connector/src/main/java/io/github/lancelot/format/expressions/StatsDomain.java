package io.github.lancelot.format.expressions;

import io.github.lancelot.format.internal.io.StatsOrder;
import java.math.BigDecimal;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The values a column's statistics, default and the literals compared with it are brought to before
 * they are compared in {@link StatsOrder}: a {@link Long} for signed integers and dates (days), a
 * {@link Double} for floating point, a {@link BigDecimal} for decimals and for timestamps
 * (microseconds, exact for every unit), a {@link Boolean}, a {@link String}. Statistics stay in the
 * type a fragment was written with, which a later widening maps exactly into the current type's
 * values. Anything that cannot be brought over exactly, or a NaN, is null: unknown.
 */
final class StatsDomain {
  private StatsDomain() {}

  /**
   * A statistic (in its JSON form) or a decoded column default, for a column of the given current
   * type.
   */
  static Object value(ArrowType type, Object v) {
    if (v == null) {
      return null;
    }
    switch (type.getTypeID()) {
      case Int:
        return ((ArrowType.Int) type).getIsSigned() && isInteger(v)
            ? ((Number) v).longValue()
            : null;
      case FloatingPoint:
        return floatingPoint(v);
      case Decimal:
        return decimal(v);
      case Bool:
        return v instanceof Boolean ? v : null;
      case Utf8:
        return v instanceof String ? v : null;
      case Date:
        return ((ArrowType.Date) type).getUnit() == DateUnit.DAY && isInteger(v)
            ? ((Number) v).longValue()
            : null;
      case Timestamp:
        return isInteger(v) ? micros((ArrowType.Timestamp) type, ((Number) v).longValue()) : null;
      default:
        return null;
    }
  }

  /**
   * A non-NULL literal compared with a column of the given type; null when the two cannot be
   * compared exactly.
   */
  static Object literal(ArrowType type, Literal literal) {
    Object v = literal.value();
    Literal.Type t = literal.type();
    if (v == null || literal.isNaN()) {
      return null;
    }
    switch (type.getTypeID()) {
      case Int:
        return ((ArrowType.Int) type).getIsSigned() && t.isInteger()
            ? ((Number) v).longValue()
            : null;
      case FloatingPoint:
        boolean exact =
            t == Literal.Type.DOUBLE
                || t == Literal.Type.FLOAT
                || t.isInteger() && t != Literal.Type.LONG;
        return exact ? ((Number) v).doubleValue() : null;
      case Decimal:
        return t == Literal.Type.DECIMAL
            ? v
            : t.isInteger() ? BigDecimal.valueOf(((Number) v).longValue()) : null;
      case Bool:
        return t == Literal.Type.BOOLEAN ? v : null;
      case Utf8:
        return t == Literal.Type.STRING ? v : null;
      case Date:
        return ((ArrowType.Date) type).getUnit() == DateUnit.DAY && t == Literal.Type.DATE
            ? ((Integer) v).longValue()
            : null;
      case Timestamp:
        return t == Literal.Type.TIMESTAMP ? BigDecimal.valueOf((Long) v) : null;
      default:
        return null;
    }
  }

  static int compare(Object a, Object b) {
    return StatsOrder.compare(a, b);
  }

  private static boolean isInteger(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  /** Infinities are JSON strings in the log, since JSON has no number for them. */
  private static Object floatingPoint(Object v) {
    double d;
    if (v instanceof Double || v instanceof Float || isInteger(v)) {
      d = ((Number) v).doubleValue();
    } else if ("Infinity".equals(v)) {
      d = Double.POSITIVE_INFINITY;
    } else if ("-Infinity".equals(v)) {
      d = Double.NEGATIVE_INFINITY;
    } else {
      return null;
    }
    return Double.isNaN(d) ? null : d;
  }

  private static Object decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static BigDecimal micros(ArrowType.Timestamp type, long value) {
    BigDecimal v = BigDecimal.valueOf(value);
    return switch (type.getUnit()) {
      case SECOND -> v.movePointRight(6);
      case MILLISECOND -> v.movePointRight(3);
      case MICROSECOND -> v;
      case NANOSECOND -> v.movePointLeft(3);
    };
  }
}
