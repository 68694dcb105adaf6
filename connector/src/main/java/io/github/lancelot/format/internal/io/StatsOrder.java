package io.github.lancelot.format.internal.io;

import java.math.BigDecimal;

/**
 * The order in which column statistics compare values: numbers numerically (-0.0 equal to 0.0),
 * strings by Unicode code point (the order of their UTF-8 bytes, as engines compare strings),
 * booleans false before true.
 */
public final class StatsOrder {
  private StatsOrder() {}

  /** Compares two values of one column's statistics domain. */
  public static int compare(Object a, Object b) {
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if ((a instanceof Double || a instanceof Float)
        || (b instanceof Double || b instanceof Float)) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
