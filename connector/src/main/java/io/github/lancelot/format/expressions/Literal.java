package io.github.lancelot.format.expressions;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A constant of one of the types column statistics are kept for, or a typed NULL ({@code value}
 * null). Values are held as the statistics hold them: integers as {@link Long}, {@link Integer},
 * {@link Short} or {@link Byte}; floating point as {@link Double} or {@link Float}; {@link
 * Boolean}; {@link String}; {@link BigDecimal}; a date as an {@link Integer} number of days since
 * 1970-01-01; a timestamp as a {@link Long} number of microseconds since 1970-01-01T00:00 (with or
 * without a time zone, as the column is).
 */
public record Literal(Type type, Object value) implements Serializable {

  /** The type of a literal, which fixes the Java class of its value. */
  public enum Type {
    LONG(Long.class),
    INT(Integer.class),
    SHORT(Short.class),
    BYTE(Byte.class),
    DOUBLE(Double.class),
    FLOAT(Float.class),
    BOOLEAN(Boolean.class),
    STRING(String.class),
    DECIMAL(BigDecimal.class),
    DATE(Integer.class),
    TIMESTAMP(Long.class);

    private final Class<?> valueClass;

    Type(Class<?> valueClass) {
      this.valueClass = valueClass;
    }

    /** Whether this is one of the integer types. */
    public boolean isInteger() {
      return this == LONG || this == INT || this == SHORT || this == BYTE;
    }
  }

  public Literal {
    if (type == null) {
      throw new IllegalArgumentException("a literal needs a type");
    }
    if (value != null && !type.valueClass.isInstance(value)) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " literal holds a "
              + type.valueClass.getSimpleName()
              + ", not a "
              + value.getClass().getSimpleName());
    }
  }

  /** Whether this is a NULL. */
  public boolean isNull() {
    return value == null;
  }

  /** Whether this is a floating point NaN, which statistics never decide a comparison with. */
  public boolean isNaN() {
    return value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN();
  }

  @Override
  public String toString() {
    if (value == null) {
      return "NULL";
    }
    return switch (type) {
      case STRING -> quoted((String) value);
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case DATE -> "DATE '" + LocalDate.ofEpochDay((Integer) value) + "'";
      case TIMESTAMP -> "TIMESTAMP '" + Instant.EPOCH.plus((Long) value, ChronoUnit.MICROS) + "'";
      default -> value.toString();
    };
  }

  private static String quoted(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
