package io.github.lancelot.format.internal.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.lancelot.format.TableErrors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Column defaults: the value that rows written before a column was added read in it, instead of
 * NULL. A column's default is kept in its Arrow field metadata under {@link #METADATA_KEY} as a
 * JSON literal, encoded like column statistics:
 *
 * <ul>
 *   <li>signed integers, dates (days since 1970-01-01) and timestamps (in the column's own unit):
 *       JSON integers;
 *   <li>floating point: JSON numbers, or the JSON strings {@code "NaN"}, {@code "Infinity"}, {@code
 *       "-Infinity"};
 *   <li>booleans: JSON booleans;
 *   <li>decimals: JSON strings of the plain decimal representation ({@code "12.30"}), at most the
 *       column's scale and precision;
 *   <li>strings: JSON strings; binary: JSON strings of the bytes in base64;
 *   <li>JSON {@code null}: a NULL default, the same as no default.
 * </ul>
 *
 * <p>Other types (nested types, fixed-size lists, unsigned integers, 256-bit decimals, times,
 * intervals, ...) cannot have a default. The default only matters for fragments without a data file
 * for the column; rows written after the column was added hold their own values.
 */
public final class ColumnDefaults {
  /** The Arrow field metadata key holding a column's default as a JSON literal. */
  public static final String METADATA_KEY = "lancelot:default";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ColumnDefaults() {}

  /**
   * Why a literal or value is not a valid default; turned into a user-facing error by the caller.
   */
  private static final class Invalid extends Exception {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  /** The column's default literal as stored, if it has one. */
  public static Optional<String> literal(Field column) {
    Map<String, String> metadata = column.getMetadata();
    return Optional.ofNullable(metadata == null ? null : metadata.get(METADATA_KEY));
  }

  /**
   * The JSON literal of {@code value} as a default for a column of the given type. The value is a
   * {@link Long}, {@link Integer}, {@link Short} or {@link Byte} for integers, dates (days) and
   * timestamps (in the column's unit); a {@link Float} or {@link Double} (or an integer) for
   * floating point; a {@link Boolean}; a {@link BigDecimal} (or an integer) for decimals; a {@link
   * String}; a {@code byte[]} for binary; or null.
   *
   * @throws io.github.lancelot.format.SchemaMismatchException the type cannot have a default or the
   *     value does not fit it
   */
  public static String encode(ArrowType type, Object value) {
    return encode(null, type, value);
  }

  /**
   * The column with {@code value} as its default (see {@link #encode}), its other metadata kept.
   */
  public static Field withDefault(Field column, Object value) {
    String literal = encode(column.getName(), column.getType(), value);
    Map<String, String> metadata =
        new HashMap<>(column.getMetadata() == null ? Map.of() : column.getMetadata());
    metadata.put(METADATA_KEY, literal);
    FieldType type =
        new FieldType(column.isNullable(), column.getType(), column.getDictionary(), metadata);
    return new Field(column.getName(), type, column.getChildren());
  }

  private static String encode(String column, ArrowType type, Object value) {
    String shown = value instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(value);
    try {
      String literal = JSON.writeValueAsString(toJson(type, value));
      decodeChecked(type, literal);
      return literal;
    } catch (Invalid e) {
      throw TableErrors.invalidColumnDefault(null, column, type, shown, e.getMessage());
    } catch (JsonProcessingException e) {
      throw TableErrors.invalidColumnDefault(null, column, type, shown, e.getOriginalMessage());
    }
  }

  private static JsonNode toJson(ArrowType type, Object value) throws Invalid {
    checkSupported(type);
    if (value == null) {
      return NODES.nullNode();
    }
    switch (type.getTypeID()) {
      case Bool:
        if (value instanceof Boolean b) {
          return NODES.booleanNode(b);
        }
        break;
      case Int:
      case Date:
      case Timestamp:
        if (isInteger(value)) {
          return NODES.numberNode(((Number) value).longValue());
        }
        break;
      case FloatingPoint:
        if (value instanceof Float || value instanceof Double || isInteger(value)) {
          double d = ((Number) value).doubleValue();
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            return NODES.textNode(Double.toString(d));
          }
          return value instanceof Float f
              ? NODES.numberNode(f)
              : NODES.numberNode(((Number) value).doubleValue());
        }
        break;
      case Decimal:
        if (value instanceof BigDecimal d) {
          int scale = ((ArrowType.Decimal) type).getScale();
          return NODES.textNode((d.scale() < scale ? d.setScale(scale) : d).toPlainString());
        } else if (isInteger(value)) {
          return NODES.textNode(
              BigDecimal.valueOf(((Number) value).longValue())
                  .setScale(((ArrowType.Decimal) type).getScale())
                  .toPlainString());
        }
        break;
      case Utf8:
        if (value instanceof String s) {
          return NODES.textNode(s);
        }
        break;
      case Binary:
        if (value instanceof byte[] b) {
          return NODES.textNode(Base64.getEncoder().encodeToString(b));
        }
        break;
      default:
        break;
    }
    throw new Invalid("a " + value.getClass().getSimpleName() + " is not a value of this type");
  }

  private static boolean isInteger(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte;
  }

  /**
   * The value a JSON literal denotes as a default of the given type: a {@link Long} for integers,
   * dates and timestamps, a {@link Float} or {@link Double} for floating point, a {@link Boolean},
   * a {@link BigDecimal} at the column's scale, a {@link String}, a {@code byte[]}, or null for a
   * NULL default.
   *
   * @throws io.github.lancelot.format.SchemaMismatchException the type cannot have a default or the
   *     literal is not one of its values
   */
  public static Object decode(ArrowType type, String literal) {
    try {
      return decodeChecked(type, literal);
    } catch (Invalid e) {
      throw TableErrors.invalidColumnDefault(null, null, type, literal, e.getMessage());
    }
  }

  /**
   * The value of the column's default, or null if it has none or a NULL one.
   *
   * @param table the table, for the error message
   * @throws io.github.lancelot.format.SchemaMismatchException the default is invalid, naming the
   *     column
   */
  public static Object valueOf(String table, Field column) {
    Optional<String> literal = literal(column);
    if (literal.isEmpty()) {
      return null;
    }
    try {
      return decodeChecked(column.getType(), literal.get());
    } catch (Invalid e) {
      throw TableErrors.invalidColumnDefault(
          table, column.getName(), column.getType(), literal.get(), e.getMessage());
    }
  }

  private static Object decodeChecked(ArrowType type, String literal) throws Invalid {
    checkSupported(type);
    JsonNode node;
    try {
      node = JSON.readTree(literal);
    } catch (JsonProcessingException e) {
      throw new Invalid("it is not a JSON literal (" + e.getOriginalMessage() + ")");
    }
    if (node == null || node.isMissingNode()) {
      throw new Invalid("it is not a JSON literal");
    }
    if (node.isNull()) {
      return null;
    }
    switch (type.getTypeID()) {
      case Bool:
        if (!node.isBoolean()) {
          throw new Invalid("a boolean default is JSON true or false");
        }
        return node.booleanValue();
      case Int:
        return integer(node, ((ArrowType.Int) type).getBitWidth());
      case Date:
        return integer(node, 32);
      case Timestamp:
        return integer(node, 64);
      case FloatingPoint:
        return floatingPoint(
            node, ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE);
      case Decimal:
        return decimal(node, (ArrowType.Decimal) type);
      case Utf8:
        if (!node.isTextual()) {
          throw new Invalid("a string default is a JSON string");
        }
        return node.textValue();
      case Binary:
        if (!node.isTextual()) {
          throw new Invalid("a binary default is a JSON string of the bytes in base64");
        }
        try {
          return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
          throw new Invalid("it is not base64 (" + e.getMessage() + ")");
        }
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  private static void checkSupported(ArrowType type) throws Invalid {
    boolean supported =
        switch (type.getTypeID()) {
          case Bool, Utf8, Binary, Timestamp -> true;
          case Int -> ((ArrowType.Int) type).getIsSigned();
          case FloatingPoint ->
              ((ArrowType.FloatingPoint) type).getPrecision() != FloatingPointPrecision.HALF;
          case Decimal -> ((ArrowType.Decimal) type).getBitWidth() == 128;
          case Date -> ((ArrowType.Date) type).getUnit() == DateUnit.DAY;
          default -> false;
        };
    if (!supported) {
      throw new Invalid(
          "columns of type "
              + type
              + " cannot have a default; only booleans, signed integers, "
              + "floating point, 128-bit decimals, strings, binary, dates in days and timestamps can");
    }
  }

  private static long integer(JsonNode node, int bits) throws Invalid {
    if (!node.isIntegralNumber()) {
      throw new Invalid("an integer, date or timestamp default is a JSON integer");
    }
    BigInteger v = node.bigIntegerValue();
    if (v.bitLength() > bits - 1) {
      throw new Invalid("it is out of range for a " + bits + "-bit signed integer");
    }
    return v.longValue();
  }

  private static Object floatingPoint(JsonNode node, boolean single) throws Invalid {
    String text;
    if (node.isTextual()) {
      text = node.textValue();
      if (!text.equals("NaN") && !text.equals("Infinity") && !text.equals("-Infinity")) {
        throw new Invalid(
            "a floating point default is a JSON number, \"NaN\", \"Infinity\" or \"-Infinity\"");
      }
    } else if (node.isNumber()) {
      text =
          node.isIntegralNumber()
              ? node.bigIntegerValue().toString()
              : node.decimalValue().toString();
    } else {
      throw new Invalid(
          "a floating point default is a JSON number, \"NaN\", \"Infinity\" or \"-Infinity\"");
    }
    if (single) {
      float f = Float.parseFloat(text);
      if (Float.isInfinite(f) && node.isNumber()) {
        throw new Invalid("it is out of range for a single-precision float");
      }
      return f;
    }
    double d = Double.parseDouble(text);
    if (Double.isInfinite(d) && node.isNumber()) {
      throw new Invalid("it is out of range for a double");
    }
    return d;
  }

  private static BigDecimal decimal(JsonNode node, ArrowType.Decimal type) throws Invalid {
    if (!node.isTextual()) {
      throw new Invalid("a decimal default is a JSON string such as \"12.30\"");
    }
    BigDecimal d;
    try {
      d = new BigDecimal(node.textValue());
    } catch (NumberFormatException e) {
      throw new Invalid("it is not a decimal number");
    }
    try {
      d = d.setScale(type.getScale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new Invalid("it has more than " + type.getScale() + " digits after the decimal point");
    }
    if (d.precision() > type.getPrecision()) {
      throw new Invalid("it has more than " + type.getPrecision() + " digits");
    }
    return d;
  }

  /**
   * Whether two default values (as {@link #valueOf} returns them) are the same: numbers compare
   * numerically, so a default kept through a type widening is the same value.
   */
  public static boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return java.util.Arrays.equals(x, y);
    }
    if (a instanceof Number && b instanceof Number) {
      boolean aNaN = Double.isNaN(((Number) a).doubleValue());
      boolean bNaN = Double.isNaN(((Number) b).doubleValue());
      return aNaN || bNaN ? aNaN && bNaN : StatsOrder.compare(a, b) == 0;
    }
    return a.equals(b);
  }

  /**
   * A vector of the column's field with {@code value} (as {@link #valueOf} returns it) in each of
   * its rows.
   */
  public static FieldVector filled(
      Field column, Object value, int rows, BufferAllocator allocator) {
    FieldVector out = column.createVector(allocator);
    try {
      out.setInitialCapacity(rows);
      out.allocateNew();
      if (value != null) {
        for (int i = 0; i < rows; i++) {
          set(out, i, value);
        }
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static void set(FieldVector v, int i, Object value) {
    if (v instanceof BitVector b) {
      b.set(i, (Boolean) value ? 1 : 0);
    } else if (v instanceof BaseIntVector n) {
      n.setWithPossibleTruncate(i, (Long) value);
    } else if (v instanceof DateDayVector d) {
      d.set(i, Math.toIntExact((Long) value));
    } else if (v instanceof TimeStampVector t) {
      t.set(i, (Long) value);
    } else if (v instanceof Float4Vector f) {
      f.set(i, (Float) value);
    } else if (v instanceof Float8Vector f) {
      f.set(i, (Double) value);
    } else if (v instanceof DecimalVector d) {
      d.set(i, (BigDecimal) value);
    } else if (v instanceof VarCharVector s) {
      s.setSafe(i, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(i, (byte[]) value);
    } else {
      throw new IllegalStateException("no default for a " + v.getClass().getSimpleName());
    }
  }
}
