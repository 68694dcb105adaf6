package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.ColumnStats;
import java.math.BigDecimal;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Accumulates min, max and null count of one column over the batches of a fragment. Min and max are kept for
 * booleans, integers, floating point (unless a NaN is seen), decimals, strings, dates and timestamps; for
 * other types only the null count.
 */
public final class ColumnStatsCollector {
  static final int MAX_STRING_LENGTH = 64;

  private Object min;
  private Object max;
  private long nullCount;
  private boolean boundsUnknown;
  private boolean maxUnknown;

  public void add(FieldVector vector) {
    int n = vector.getValueCount();
    nullCount += vector.getNullCount();
    if (boundsUnknown) {
      return;
    }
    for (int i = 0; i < n; i++) {
      if (vector.isNull(i)) {
        continue;
      }
      Object value = valueAt(vector, i);
      if (value == null) {
        boundsUnknown = true;
        return;
      }
      accept(value);
    }
  }

  private static Object valueAt(FieldVector v, int i) {
    if (v instanceof BitVector b) {
      return b.get(i) != 0;
    } else if (v instanceof DateDayVector d) {
      return (long) d.get(i);
    } else if (v instanceof TimeStampVector t) {
      return t.get(i);
    } else if (v instanceof BaseIntVector b && ((ArrowType.Int) v.getField().getType()).getIsSigned()) {
      return b.getValueAsLong(i);
    } else if (v instanceof FloatingPointVector f) {
      double d = f.getValueAsDouble(i);
      return Double.isNaN(d) ? null : d;
    } else if (v instanceof DecimalVector d) {
      return d.getObject(i);
    } else if (v instanceof VarCharVector s) {
      return s.getObject(i).toString();
    }
    return null;
  }

  private void accept(Object value) {
    if (min == null || StatsOrder.compare(value, min) < 0) {
      min = value;
    }
    if (max == null || StatsOrder.compare(value, max) > 0) {
      max = value;
    }
  }

  public ColumnStats result() {
    if (boundsUnknown || min == null) {
      return new ColumnStats(null, null, nullCount);
    }
    return new ColumnStats(encodeMin(min), maxUnknown ? null : encodeMax(max), nullCount);
  }

  private static Object encodeMin(Object v) {
    if (v instanceof String s && s.codePointCount(0, s.length()) > MAX_STRING_LENGTH) {
      return s.substring(0, s.offsetByCodePoints(0, MAX_STRING_LENGTH));
    }
    return encode(v);
  }

  private static Object encodeMax(Object v) {
    if (v instanceof String s && s.codePointCount(0, s.length()) > MAX_STRING_LENGTH) {
      return null;
    }
    return encode(v);
  }

  private static Object encode(Object v) {
    return v instanceof BigDecimal d ? d.toPlainString() : v;
  }
}
