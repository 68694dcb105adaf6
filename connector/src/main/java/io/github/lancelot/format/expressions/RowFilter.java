package io.github.lancelot.format.expressions;

import io.github.lancelot.format.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.util.ByteFunctionHelpers;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Evaluates a condition exactly on the rows of Arrow batches, so that a scan returns only the rows
 * where it is TRUE and the engine need not filter them again. Values compare as Spark compares
 * them: integers of any width with integer constants, floating point with floating-point constants
 * (NaN equal to itself and above every other value, -0.0 equal to 0.0), strings by their UTF-8
 * bytes (code point order), decimals numerically, dates and timestamps by their day and microsecond
 * numbers, false before true; NULLs in SQL's three-valued logic. A condition this cannot decide
 * exactly (a constant of another kind than its column, a column of another type, an {@code IN} list
 * on a floating-point column, whose engines disagree on -0.0) is refused by {@link #canEvaluate},
 * and the engine evaluates it itself.
 */
public final class RowFilter {
  private static final int FALSE = 0;
  private static final int TRUE = 1;
  private static final int UNKNOWN = 2;

  private final Expression condition;
  private final TableSchema columns;

  private RowFilter(Expression condition, TableSchema columns) {
    this.condition = condition;
    this.columns = columns;
  }

  /**
   * The filter of rows whose columns are {@code columns}, in the order of the vectors {@link
   * #select} is given.
   *
   * @throws IllegalArgumentException if the condition cannot be evaluated exactly on them
   */
  public static RowFilter of(Expression condition, TableSchema columns) {
    if (!canEvaluate(condition, columns)) {
      throw new IllegalArgumentException(
          "The condition " + condition + " cannot be evaluated on the rows of " + columns);
    }
    return new RowFilter(condition, columns);
  }

  /** Whether the condition can be evaluated exactly on rows with the schema's columns. */
  public static boolean canEvaluate(Expression condition, TableSchema schema) {
    if (condition instanceof AlwaysTrue || condition instanceof AlwaysFalse) {
      return true;
    } else if (condition instanceof And a) {
      return canEvaluate(a.left(), schema) && canEvaluate(a.right(), schema);
    } else if (condition instanceof Or o) {
      return canEvaluate(o.left(), schema) && canEvaluate(o.right(), schema);
    } else if (condition instanceof Not n) {
      return canEvaluate(n.child(), schema);
    } else if (condition instanceof IsNull n) {
      return schema.column(n.column().name()).isPresent();
    } else if (condition instanceof IsNotNull n) {
      return schema.column(n.column().name()).isPresent();
    } else if (condition instanceof StartsWith s) {
      return typeOf(s.column(), schema) instanceof ArrowType.Utf8;
    } else if (condition instanceof Comparison c) {
      return comparable(typeOf(c.column(), schema), c.value().type());
    } else if (condition instanceof In in) {
      ArrowType type = typeOf(in.column(), schema);
      return !(type instanceof ArrowType.FloatingPoint)
          && in.values().stream().allMatch(v -> comparable(type, v.type()));
    }
    return false;
  }

  /** The names of the columns a condition reads, in the order it names them. */
  public static Set<String> columnsOf(Expression condition) {
    Set<String> names = new LinkedHashSet<>();
    addColumns(condition, names);
    return names;
  }

  private static void addColumns(Expression e, Set<String> names) {
    if (e instanceof And a) {
      addColumns(a.left(), names);
      addColumns(a.right(), names);
    } else if (e instanceof Or o) {
      addColumns(o.left(), names);
      addColumns(o.right(), names);
    } else if (e instanceof Not n) {
      addColumns(n.child(), names);
    } else if (e instanceof IsNull n) {
      names.add(n.column().name());
    } else if (e instanceof IsNotNull n) {
      names.add(n.column().name());
    } else if (e instanceof StartsWith s) {
      names.add(s.column().name());
    } else if (e instanceof Comparison c) {
      names.add(c.column().name());
    } else if (e instanceof In in) {
      names.add(in.column().name());
    }
  }

  private static ArrowType typeOf(ColumnReference column, TableSchema schema) {
    return schema.column(column.name()).map(c -> c.field().getType()).orElse(null);
  }

  private static boolean comparable(ArrowType column, Literal.Type constant) {
    return switch (constant) {
      case LONG, INT, SHORT, BYTE -> column instanceof ArrowType.Int i && i.getIsSigned();
      case DOUBLE, FLOAT -> column instanceof ArrowType.FloatingPoint;
      case BOOLEAN -> column instanceof ArrowType.Bool;
      case STRING -> column instanceof ArrowType.Utf8;
      case DECIMAL -> column instanceof ArrowType.Decimal d && d.getBitWidth() == 128;
      case DATE -> column instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY;
      case TIMESTAMP ->
          column instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND;
    };
  }

  /**
   * The positions of the rows where the condition is TRUE, in order: among {@code candidates} (row
   * positions in ascending order), or among all {@code rowCount} rows when that is null. {@code
   * vectors} hold the batch's columns in the order of the columns this filter was made for.
   */
  public int[] select(List<FieldVector> vectors, int rowCount, int[] candidates) {
    Node node = bind(condition, vectors);
    int n = candidates == null ? rowCount : candidates.length;
    int[] matching = new int[n];
    int k = 0;
    for (int i = 0; i < n; i++) {
      int row = candidates == null ? i : candidates[i];
      if (node.at(row) == TRUE) {
        matching[k++] = row;
      }
    }
    return k == n ? matching : Arrays.copyOf(matching, k);
  }

  /** A condition bound to one batch's vectors: TRUE, FALSE or UNKNOWN (NULL) for a row. */
  private interface Node {
    int at(int row);
  }

  /** Compares a row's non-NULL value with a constant: negative, zero or positive. */
  private interface ValueComparison {
    int at(int row);
  }

  private Node bind(Expression e, List<FieldVector> vectors) {
    if (e instanceof AlwaysTrue) {
      return row -> TRUE;
    } else if (e instanceof AlwaysFalse) {
      return row -> FALSE;
    } else if (e instanceof And a) {
      Node left = bind(a.left(), vectors);
      Node right = bind(a.right(), vectors);
      return row -> {
        int l = left.at(row);
        if (l == FALSE) {
          return FALSE;
        }
        int r = right.at(row);
        return r == FALSE ? FALSE : l == TRUE && r == TRUE ? TRUE : UNKNOWN;
      };
    } else if (e instanceof Or o) {
      Node left = bind(o.left(), vectors);
      Node right = bind(o.right(), vectors);
      return row -> {
        int l = left.at(row);
        if (l == TRUE) {
          return TRUE;
        }
        int r = right.at(row);
        return r == TRUE ? TRUE : l == FALSE && r == FALSE ? FALSE : UNKNOWN;
      };
    } else if (e instanceof Not n) {
      Node child = bind(n.child(), vectors);
      return row -> {
        int c = child.at(row);
        return c == UNKNOWN ? UNKNOWN : c == TRUE ? FALSE : TRUE;
      };
    } else if (e instanceof IsNull n) {
      FieldVector v = vector(n.column(), vectors);
      return row -> v.isNull(row) ? TRUE : FALSE;
    } else if (e instanceof IsNotNull n) {
      FieldVector v = vector(n.column(), vectors);
      return row -> v.isNull(row) ? FALSE : TRUE;
    } else if (e instanceof StartsWith s) {
      return startsWith((VarCharVector) vector(s.column(), vectors), s.prefix());
    } else if (e instanceof Comparison c) {
      return comparison(vector(c.column(), vectors), c);
    } else if (e instanceof In in) {
      return in(vector(in.column(), vectors), in.values());
    }
    throw new IllegalArgumentException("Unknown condition " + e);
  }

  private FieldVector vector(ColumnReference column, List<FieldVector> vectors) {
    List<TableSchema.Column> all = columns.columns();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).name().equals(column.name())) {
        return vectors.get(i);
      }
    }
    throw new IllegalArgumentException("No column " + column + " among " + columns);
  }

  private static Node comparison(FieldVector v, Comparison c) {
    Comparison.Operator op = c.operator();
    if (c.value().isNull()) {
      if (op == Comparison.Operator.NULL_SAFE_EQUAL) {
        return row -> v.isNull(row) ? TRUE : FALSE;
      }
      return row -> UNKNOWN;
    }
    ValueComparison compare = comparison(v, c.value().value());
    return row -> {
      if (v.isNull(row)) {
        return op == Comparison.Operator.NULL_SAFE_EQUAL ? FALSE : UNKNOWN;
      }
      int cmp = compare.at(row);
      boolean holds =
          switch (op) {
            case EQUAL, NULL_SAFE_EQUAL -> cmp == 0;
            case NOT_EQUAL -> cmp != 0;
            case LESS_THAN -> cmp < 0;
            case LESS_THAN_OR_EQUAL -> cmp <= 0;
            case GREATER_THAN -> cmp > 0;
            case GREATER_THAN_OR_EQUAL -> cmp >= 0;
          };
      return holds ? TRUE : FALSE;
    };
  }

  private static Node in(FieldVector v, List<Literal> values) {
    boolean listHasNull = values.stream().anyMatch(Literal::isNull);
    ValueComparison[] constants =
        values.stream()
            .filter(l -> !l.isNull())
            .map(l -> comparison(v, l.value()))
            .toArray(ValueComparison[]::new);
    return row -> {
      if (v.isNull(row)) {
        return UNKNOWN;
      }
      for (ValueComparison c : constants) {
        if (c.at(row) == 0) {
          return TRUE;
        }
      }
      return listHasNull ? UNKNOWN : FALSE;
    };
  }

  private static Node startsWith(VarCharVector v, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
    return row -> {
      if (v.isNull(row)) {
        return UNKNOWN;
      }
      int start = v.getStartOffset(row);
      int length = v.getStartOffset(row + 1) - start;
      return length >= p.length
              && ByteFunctionHelpers.compare(
                      v.getDataBuffer(), start, start + p.length, p, 0, p.length)
                  == 0
          ? TRUE
          : FALSE;
    };
  }

  /** Compares the vector's values with a constant of a kind {@link #comparable} to the column. */
  private static ValueComparison comparison(FieldVector v, Object constant) {
    if (v instanceof BigIntVector x) {
      long c = ((Number) constant).longValue();
      return row -> Long.compare(x.get(row), c);
    } else if (v instanceof IntVector x) {
      long c = ((Number) constant).longValue();
      return row -> Long.compare(x.get(row), c);
    } else if (v instanceof SmallIntVector x) {
      long c = ((Number) constant).longValue();
      return row -> Long.compare(x.get(row), c);
    } else if (v instanceof TinyIntVector x) {
      long c = ((Number) constant).longValue();
      return row -> Long.compare(x.get(row), c);
    } else if (v instanceof Float8Vector x) {
      double c = ((Number) constant).doubleValue();
      return row -> compareDoubles(x.get(row), c);
    } else if (v instanceof Float4Vector x) {
      double c = ((Number) constant).doubleValue();
      return row -> compareDoubles(x.get(row), c);
    } else if (v instanceof BitVector x) {
      int c = (Boolean) constant ? 1 : 0;
      return row -> Integer.compare(x.get(row), c);
    } else if (v instanceof VarCharVector x) {
      byte[] c = ((String) constant).getBytes(StandardCharsets.UTF_8);
      return row ->
          ByteFunctionHelpers.compare(
              x.getDataBuffer(), x.getStartOffset(row), x.getStartOffset(row + 1), c, 0, c.length);
    } else if (v instanceof DecimalVector x) {
      BigDecimal c = (BigDecimal) constant;
      return row -> x.getObject(row).compareTo(c);
    } else if (v instanceof DateDayVector x) {
      int c = (Integer) constant;
      return row -> Integer.compare(x.get(row), c);
    } else if (v instanceof TimeStampVector x) {
      long c = (Long) constant;
      return row -> Long.compare(x.get(row), c);
    }
    throw new IllegalArgumentException(
        "Column " + v.getName() + " of type " + v.getField().getType() + " cannot be compared");
  }

  /** Spark's order of floating point: NaN equal to itself and above all, -0.0 equal to 0.0. */
  private static int compareDoubles(double a, double b) {
    return a == b ? 0 : Double.compare(a, b);
  }
}
