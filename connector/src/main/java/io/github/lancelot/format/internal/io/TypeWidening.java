package io.github.lancelot.format.internal.io;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The type changes a column may go through without its data files being rewritten: each one maps
 * every value of the old type exactly to a value of the new type. Data files keep the type they
 * were written with; readers convert their values to the column's current type. The changes allowed
 * are:
 *
 * <ul>
 *   <li>a signed integer to a wider signed integer (8 to 16 to 32 to 64 bits, any step up);
 *   <li>a single-precision float to a double;
 *   <li>a signed integer of at most 32 bits to a double;
 *   <li>a 128-bit decimal(p, s) to a 128-bit decimal(p', s') with s' &ge; s and p' - s' &ge; p - s
 *       (no fewer integer digits, no fewer fractional digits).
 * </ul>
 *
 * <p>The set is closed under composition, so a file written before several widenings converts in
 * one step. Column statistics of old fragments stay in the old type's domain, which remains a valid
 * bound in the new one (numbers compare numerically).
 */
public final class TypeWidening {
  private static final ArrowType DOUBLE =
      new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);

  private TypeWidening() {}

  /** Whether data of type {@code from} can be read as type {@code to}, the two being different. */
  public static boolean isWidening(ArrowType from, ArrowType to) {
    if (from instanceof ArrowType.Int f && f.getIsSigned()) {
      if (to instanceof ArrowType.Int t) {
        return t.getIsSigned() && t.getBitWidth() > f.getBitWidth();
      }
      return f.getBitWidth() <= 32 && to.equals(DOUBLE);
    }
    if (from instanceof ArrowType.FloatingPoint f) {
      return f.getPrecision() == FloatingPointPrecision.SINGLE && to.equals(DOUBLE);
    }
    if (from instanceof ArrowType.Decimal f && to instanceof ArrowType.Decimal t) {
      return f.getBitWidth() == 128
          && t.getBitWidth() == 128
          && !f.equals(t)
          && t.getScale() >= f.getScale()
          && t.getPrecision() - t.getScale() >= f.getPrecision() - f.getScale();
    }
    return false;
  }

  /**
   * The types {@code from} may be widened to, described for an error message ("none" if there are
   * none).
   */
  public static String describeWidenings(ArrowType from) {
    List<String> targets = new ArrayList<>();
    if (from instanceof ArrowType.Int f && f.getIsSigned()) {
      for (int bits = f.getBitWidth() * 2; bits <= 64; bits *= 2) {
        targets.add(new ArrowType.Int(bits, true).toString());
      }
      if (f.getBitWidth() <= 32) {
        targets.add(DOUBLE.toString());
      }
    } else if (from instanceof ArrowType.FloatingPoint f
        && f.getPrecision() == FloatingPointPrecision.SINGLE) {
      targets.add(DOUBLE.toString());
    } else if (from instanceof ArrowType.Decimal f && f.getBitWidth() == 128) {
      return "Decimal(p, s, 128) with s >= "
          + f.getScale()
          + " and p - s >= "
          + (f.getPrecision() - f.getScale());
    }
    if (targets.isEmpty()) {
      return "none";
    }
    if (targets.size() == 1) {
      return targets.get(0);
    }
    return String.join(", ", targets.subList(0, targets.size() - 1))
        + " or "
        + targets.get(targets.size() - 1);
  }

  /**
   * A new vector of the {@code target} field holding the values of {@code source} converted to the
   * target's type, NULLs kept. The source must be of a type that {@link #isWidening widens} to the
   * target's; it is left as it is.
   */
  public static FieldVector widen(FieldVector source, Field target, BufferAllocator allocator) {
    ArrowType from = source.getField().getType();
    if (!isWidening(from, target.getType())) {
      throw new IllegalArgumentException("not a widening: " + from + " to " + target.getType());
    }
    int rows = source.getValueCount();
    FieldVector out = target.createVector(allocator);
    try {
      out.setInitialCapacity(rows);
      out.allocateNew();
      if (source instanceof BaseIntVector ints && out instanceof BaseIntVector wider) {
        for (int i = 0; i < rows; i++) {
          if (!source.isNull(i)) {
            wider.setWithPossibleTruncate(i, ints.getValueAsLong(i));
          }
        }
      } else if (source instanceof BaseIntVector ints && out instanceof Float8Vector doubles) {
        for (int i = 0; i < rows; i++) {
          if (!source.isNull(i)) {
            doubles.set(i, (double) ints.getValueAsLong(i));
          }
        }
      } else if (source instanceof Float4Vector floats && out instanceof Float8Vector doubles) {
        for (int i = 0; i < rows; i++) {
          if (!source.isNull(i)) {
            doubles.set(i, floats.get(i));
          }
        }
      } else if (source instanceof DecimalVector decimals && out instanceof DecimalVector wider) {
        for (int i = 0; i < rows; i++) {
          if (!source.isNull(i)) {
            BigDecimal v = decimals.getObject(i);
            wider.set(i, v.setScale(wider.getScale()));
          }
        }
      } else {
        throw new IllegalArgumentException(
            "no conversion from "
                + source.getClass().getSimpleName()
                + " to "
                + out.getClass().getSimpleName());
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
