package io.github.lancelot.format.expressions;

import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A table schema with one column of each type statistics are kept for, and fragments described by
 * their stats.
 */
final class Fragments {
  static final ArrowType LONG = new ArrowType.Int(64, true);
  static final ArrowType INT = new ArrowType.Int(32, true);
  static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  static final ArrowType STRING = new ArrowType.Utf8();

  /**
   * Columns l (1), i (2), d (3), f (4), b (5), s (6), dec (7), dt (8), ts (9), ts_ms (10), ts_ns
   * (11), v (12).
   */
  static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              Field.nullable("l", LONG),
              Field.nullable("i", INT),
              Field.nullable("d", DOUBLE),
              Field.nullable("f", FLOAT),
              Field.nullable("b", new ArrowType.Bool()),
              Field.nullable("s", STRING),
              Field.nullable("dec", new ArrowType.Decimal(10, 2, 128)),
              Field.nullable("dt", new ArrowType.Date(DateUnit.DAY)),
              Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC")),
              Field.nullable("ts_ms", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
              Field.nullable("ts_ns", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null)),
              Field.nullable("v", new ArrowType.Binary())));

  private Fragments() {}

  /**
   * A fragment of {@code rows} rows with a data file for every column of {@link #SCHEMA}, and these
   * stats.
   */
  static Fragment withStats(long rows, Map<String, ColumnStats> statsByColumn) {
    return withStats(SCHEMA, rows, statsByColumn);
  }

  static Fragment withStats(TableSchema schema, long rows, Map<String, ColumnStats> statsByColumn) {
    Map<Integer, ColumnStats> stats = new HashMap<>();
    statsByColumn.forEach((name, s) -> stats.put(schema.column(name).orElseThrow().id(), s));
    List<Integer> ids = schema.columns().stream().map(TableSchema.Column::id).toList();
    return new Fragment(1, rows, List.of(new DataFile("data/f.arrow", ids, 100)), null, stats);
  }

  /**
   * One column of {@code rows} rows holding values between min and max, {@code nulls} of them NULL.
   */
  static Fragment column(String name, long rows, Object min, Object max, long nulls) {
    return withStats(rows, Map.of(name, new ColumnStats(min, max, nulls)));
  }

  /**
   * A fragment written before every column of {@code schema} but {@code written} existed: it has no
   * data for them.
   */
  static Fragment writtenBefore(TableSchema schema, long rows, String... written) {
    List<Integer> ids = new ArrayList<>();
    for (String w : written) {
      ids.add(schema.column(w).orElseThrow().id());
    }
    return new Fragment(1, rows, List.of(new DataFile("data/f.arrow", ids, 100)), null, Map.of());
  }

  /** {@link #SCHEMA} plus a column {@code added} of the given type and default (null: none). */
  static TableSchema withAddedColumn(ArrowType type, Object defaultValue) {
    Field field = Field.nullable("added", type);
    if (defaultValue != null) {
      field = ColumnDefaults.withDefault(field, defaultValue);
    }
    return SCHEMA.withColumnAdded(field);
  }
}
