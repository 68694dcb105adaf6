package io.github.lancelot.spark;

import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.StatsOrder;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Or;

/**
 * Skips fragments whose column statistics prove that no row can satisfy the filters. Anything it cannot decide
 * (unknown statistics, unsupported filters or types) keeps the fragment; Spark evaluates every filter on the rows
 * read anyway.
 */
final class FragmentPruner {
  private final TableSchema schema;
  private final Filter[] filters;

  FragmentPruner(TableSchema schema, Filter[] filters) {
    this.schema = schema;
    this.filters = filters;
  }

  /** Whether the filter can be used to prune at all (it names a top-level column with statistics). */
  static boolean canPrune(TableSchema schema, Filter filter) {
    for (String ref : filter.references()) {
      if (schema.column(ref).isEmpty()) {
        return false;
      }
    }
    return filter instanceof EqualTo || filter instanceof EqualNullSafe || filter instanceof GreaterThan
        || filter instanceof GreaterThanOrEqual || filter instanceof LessThan || filter instanceof LessThanOrEqual
        || filter instanceof In || filter instanceof IsNull || filter instanceof IsNotNull
        || (filter instanceof And a && (canPrune(schema, a.left()) || canPrune(schema, a.right())))
        || (filter instanceof Or o && canPrune(schema, o.left()) && canPrune(schema, o.right()));
  }

  boolean mightMatch(Fragment fragment) {
    for (Filter f : filters) {
      if (!mightMatch(f, fragment)) {
        return false;
      }
    }
    return true;
  }

  private boolean mightMatch(Filter filter, Fragment f) {
    if (filter instanceof And a) {
      return mightMatch(a.left(), f) && mightMatch(a.right(), f);
    } else if (filter instanceof Or o) {
      return mightMatch(o.left(), f) || mightMatch(o.right(), f);
    } else if (filter instanceof EqualTo e) {
      return mayEqual(f, e.attribute(), e.value());
    } else if (filter instanceof EqualNullSafe e) {
      return e.value() == null ? nullCount(f, e.attribute()).map(n -> n > 0).orElse(true) : mayEqual(f, e.attribute(), e.value());
    } else if (filter instanceof In in) {
      for (Object v : in.values()) {
        if (v != null && mayEqual(f, in.attribute(), v)) {
          return true;
        }
      }
      return false;
    } else if (filter instanceof GreaterThan g) {
      return compareBound(f, g.attribute(), g.value(), false).map(c -> c > 0).orElse(true);
    } else if (filter instanceof GreaterThanOrEqual g) {
      return compareBound(f, g.attribute(), g.value(), false).map(c -> c >= 0).orElse(true);
    } else if (filter instanceof LessThan l) {
      return compareBound(f, l.attribute(), l.value(), true).map(c -> c < 0).orElse(true);
    } else if (filter instanceof LessThanOrEqual l) {
      return compareBound(f, l.attribute(), l.value(), true).map(c -> c <= 0).orElse(true);
    } else if (filter instanceof IsNull n) {
      return nullCount(f, n.attribute()).map(c -> c > 0).orElse(true);
    } else if (filter instanceof IsNotNull n) {
      return nullCount(f, n.attribute()).map(c -> c < f.physicalRows()).orElse(true);
    }
    return true;
  }

  /** Whether statistics prove that every row of the fragment satisfies all filters. */
  boolean mustMatch(Fragment fragment) {
    for (Filter f : filters) {
      if (!mustMatch(f, fragment)) {
        return false;
      }
    }
    return true;
  }

  private boolean mustMatch(Filter filter, Fragment f) {
    if (filter instanceof And a) {
      return mustMatch(a.left(), f) && mustMatch(a.right(), f);
    } else if (filter instanceof Or o) {
      return mustMatch(o.left(), f) || mustMatch(o.right(), f);
    } else if (filter instanceof IsNull n) {
      return nullCount(f, n.attribute()).map(c -> c == f.physicalRows()).orElse(false);
    } else if (filter instanceof IsNotNull n) {
      return nullCount(f, n.attribute()).map(c -> c == 0).orElse(false);
    }
    String column = filter.references().length == 1 ? filter.references()[0] : null;
    if (column == null || nullCount(f, column).map(c -> c != 0).orElse(true)) {
      return false;
    }
    if (filter instanceof EqualTo e) {
      return compareBound(f, column, e.value(), true).map(c -> c == 0).orElse(false)
          && compareBound(f, column, e.value(), false).map(c -> c == 0).orElse(false);
    } else if (filter instanceof GreaterThan g) {
      return compareBound(f, column, g.value(), true).map(c -> c > 0).orElse(false);
    } else if (filter instanceof GreaterThanOrEqual g) {
      return compareBound(f, column, g.value(), true).map(c -> c >= 0).orElse(false);
    } else if (filter instanceof LessThan l) {
      return compareBound(f, column, l.value(), false).map(c -> c < 0).orElse(false);
    } else if (filter instanceof LessThanOrEqual l) {
      return compareBound(f, column, l.value(), false).map(c -> c <= 0).orElse(false);
    }
    return false;
  }

  private boolean mayEqual(Fragment f, String column, Object value) {
    boolean aboveMin = compareBound(f, column, value, true).map(c -> c <= 0).orElse(true);
    boolean belowMax = compareBound(f, column, value, false).map(c -> c >= 0).orElse(true);
    return aboveMin && belowMax;
  }

  private Optional<Long> nullCount(Fragment f, String column) {
    return stats(f, column).map(ColumnStats::nullCount);
  }

  /** Compares the fragment's min (or max) of the column with a filter value; empty when unknown. */
  private Optional<Integer> compareBound(Fragment f, String column, Object value, boolean min) {
    Optional<ColumnStats> stats = stats(f, column);
    if (stats.isEmpty() || value == null) {
      return Optional.empty();
    }
    Object bound = min ? stats.get().min() : stats.get().max();
    ArrowType type = schema.column(column).orElseThrow().field().getType();
    Object statValue = bound == null ? null : toStatsDomain(type, bound, true);
    Object filterValue = toStatsDomain(type, value, false);
    if (statValue == null || filterValue == null) {
      return Optional.empty();
    }
    if (filterValue instanceof Double d && d.isNaN()) {
      return Optional.empty();
    }
    return Optional.of(StatsOrder.compare(statValue, filterValue));
  }

  private Optional<ColumnStats> stats(Fragment f, String column) {
    return schema.column(column).map(c -> f.stats().get(c.id()));
  }

  /** A statistic (JSON form) or a Spark filter value as a value of the statistics order, or null if unsupported. */
  private static Object toStatsDomain(ArrowType type, Object v, boolean fromStats) {
    try {
      return switch (type.getTypeID()) {
        case Int -> ((Number) v).longValue();
        case FloatingPoint -> ((Number) v).doubleValue();
        case Bool -> (Boolean) v;
        case Utf8 -> v instanceof String s ? s : v.toString();
        case Decimal -> v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
        case Date -> fromStats ? ((Number) v).longValue() : (long) DateTimeUtils.anyToDays(v);
        case Timestamp -> fromStats ? ((Number) v).longValue() : DateTimeUtils.anyToMicros(v);
        default -> null;
      };
    } catch (RuntimeException e) {
      return null;
    }
  }
}
