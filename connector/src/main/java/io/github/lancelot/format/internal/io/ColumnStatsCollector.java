package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.ColumnStats;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
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
 * Accumulates min, max and null count of one column over the batches of a fragment. Min and max are
 * kept for booleans, integers, floating point (unless a NaN is seen), decimals, strings, dates and
 * timestamps; for other types only the null count. Values are compared in their Arrow form
 * (primitives, UTF-8 bytes), in the order {@link StatsOrder} defines, without a Java object per
 * row.
 */
public final class ColumnStatsCollector {
  static final int MAX_STRING_LENGTH = 64;

  private enum Kind {
    BOOLEAN,
    LONG,
    DOUBLE,
    DECIMAL,
    STRING,
    OTHER
  }

  private Kind kind;
  private boolean any;
  private long nullCount;
  private boolean boundsUnknown;
  private long minLong;
  private long maxLong;
  private double minDouble;
  private double maxDouble;
  private BigDecimal minDecimal;
  private BigDecimal maxDecimal;
  private byte[] minBytes;
  private byte[] maxBytes;

  public void add(FieldVector vector) {
    nullCount += vector.getNullCount();
    if (boundsUnknown || vector.getNullCount() == vector.getValueCount()) {
      return;
    }
    if (kind == null) {
      kind = kindOf(vector);
    }
    switch (kind) {
      case BOOLEAN -> addBooleans((BitVector) vector);
      case LONG -> addLongs(vector);
      case DOUBLE -> addDoubles((FloatingPointVector) vector);
      case DECIMAL -> addDecimals((DecimalVector) vector);
      case STRING -> addStrings((VarCharVector) vector);
      case OTHER -> boundsUnknown = true;
    }
  }

  private static Kind kindOf(FieldVector v) {
    if (v instanceof BitVector) {
      return Kind.BOOLEAN;
    } else if (v instanceof DateDayVector
        || v instanceof TimeStampVector
        || v instanceof BaseIntVector && ((ArrowType.Int) v.getField().getType()).getIsSigned()) {
      return Kind.LONG;
    } else if (v instanceof FloatingPointVector) {
      return Kind.DOUBLE;
    } else if (v instanceof DecimalVector) {
      return Kind.DECIMAL;
    } else if (v instanceof VarCharVector) {
      return Kind.STRING;
    }
    return Kind.OTHER;
  }

  private void addBooleans(BitVector v) {
    for (int i = 0, n = v.getValueCount(); i < n; i++) {
      if (!v.isNull(i)) {
        acceptLong(v.get(i));
      }
    }
  }

  private void addLongs(FieldVector v) {
    int n = v.getValueCount();
    if (v instanceof TimeStampVector t) {
      for (int i = 0; i < n; i++) {
        if (!t.isNull(i)) {
          acceptLong(t.get(i));
        }
      }
    } else if (v instanceof DateDayVector d) {
      for (int i = 0; i < n; i++) {
        if (!d.isNull(i)) {
          acceptLong(d.get(i));
        }
      }
    } else {
      BaseIntVector ints = (BaseIntVector) v;
      for (int i = 0; i < n; i++) {
        if (!v.isNull(i)) {
          acceptLong(ints.getValueAsLong(i));
        }
      }
    }
  }

  private void acceptLong(long x) {
    if (!any) {
      minLong = x;
      maxLong = x;
      any = true;
    } else if (x < minLong) {
      minLong = x;
    } else if (x > maxLong) {
      maxLong = x;
    }
  }

  private void addDoubles(FloatingPointVector v) {
    for (int i = 0, n = v.getValueCount(); i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      double x = v.getValueAsDouble(i);
      if (Double.isNaN(x)) {
        boundsUnknown = true;
        return;
      }
      if (!any) {
        minDouble = x;
        maxDouble = x;
        any = true;
      } else if (x < minDouble) {
        minDouble = x;
      } else if (x > maxDouble) {
        maxDouble = x;
      }
    }
  }

  private void addDecimals(DecimalVector v) {
    for (int i = 0, n = v.getValueCount(); i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      BigDecimal x = v.getObject(i);
      if (!any) {
        minDecimal = x;
        maxDecimal = x;
        any = true;
      } else if (x.compareTo(minDecimal) < 0) {
        minDecimal = x;
      } else if (x.compareTo(maxDecimal) > 0) {
        maxDecimal = x;
      }
    }
  }

  /** UTF-8 bytes compared unsigned are in code point order. */
  private void addStrings(VarCharVector v) {
    ArrowBuf data = v.getDataBuffer();
    for (int i = 0, n = v.getValueCount(); i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      int start = v.getStartOffset(i);
      int end = v.getEndOffset(i);
      if (!any) {
        minBytes = copy(data, start, end);
        maxBytes = minBytes;
        any = true;
      } else if (ByteFunctionHelpers.compare(data, start, end, minBytes, 0, minBytes.length) < 0) {
        minBytes = copy(data, start, end);
      } else if (ByteFunctionHelpers.compare(data, start, end, maxBytes, 0, maxBytes.length) > 0) {
        maxBytes = copy(data, start, end);
      }
    }
  }

  private static byte[] copy(ArrowBuf data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.getBytes(start, bytes);
    return bytes;
  }

  public ColumnStats result() {
    if (boundsUnknown || !any) {
      return new ColumnStats(null, null, nullCount);
    }
    return switch (kind) {
      case BOOLEAN -> new ColumnStats(minLong != 0, maxLong != 0, nullCount);
      case LONG -> new ColumnStats(minLong, maxLong, nullCount);
      case DOUBLE -> new ColumnStats(minDouble, maxDouble, nullCount);
      case DECIMAL ->
          new ColumnStats(minDecimal.toPlainString(), maxDecimal.toPlainString(), nullCount);
      case STRING -> new ColumnStats(stringMin(), stringMax(), nullCount);
      case OTHER -> new ColumnStats(null, null, nullCount);
    };
  }

  /** A long minimum is cut to its first code points, which still bound every value from below. */
  private String stringMin() {
    String s = new String(minBytes, StandardCharsets.UTF_8);
    return s.codePointCount(0, s.length()) > MAX_STRING_LENGTH
        ? s.substring(0, s.offsetByCodePoints(0, MAX_STRING_LENGTH))
        : s;
  }

  /** A long maximum is left unknown: a cut one would not bound the values from above. */
  private String stringMax() {
    String s = new String(maxBytes, StandardCharsets.UTF_8);
    return s.codePointCount(0, s.length()) > MAX_STRING_LENGTH ? null : s;
  }
}
