package io.github.lancelot.spark;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.sources.AlwaysFalse;
import org.apache.spark.sql.sources.AlwaysTrue;
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
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringContains;
import org.apache.spark.sql.sources.StringEndsWith;
import org.apache.spark.sql.sources.StringStartsWith;

/**
 * Turns the filters Spark hands to a write (an overwrite's condition) back into a column expression
 * to evaluate.
 */
final class FilterColumns {
  private FilterColumns() {}

  static Column all(Filter[] filters) {
    return Arrays.stream(filters)
        .map(FilterColumns::column)
        .reduce(functions.lit(true), Column::and);
  }

  static Column column(Filter f) {
    if (f instanceof And a) {
      return column(a.left()).and(column(a.right()));
    } else if (f instanceof Or o) {
      return column(o.left()).or(column(o.right()));
    } else if (f instanceof Not n) {
      return functions.not(column(n.child()));
    } else if (f instanceof EqualTo e) {
      return functions.col(e.attribute()).equalTo(functions.lit(e.value()));
    } else if (f instanceof EqualNullSafe e) {
      return functions.col(e.attribute()).eqNullSafe(functions.lit(e.value()));
    } else if (f instanceof GreaterThan g) {
      return functions.col(g.attribute()).gt(functions.lit(g.value()));
    } else if (f instanceof GreaterThanOrEqual g) {
      return functions.col(g.attribute()).geq(functions.lit(g.value()));
    } else if (f instanceof LessThan l) {
      return functions.col(l.attribute()).lt(functions.lit(l.value()));
    } else if (f instanceof LessThanOrEqual l) {
      return functions.col(l.attribute()).leq(functions.lit(l.value()));
    } else if (f instanceof In in) {
      return functions.col(in.attribute()).isin(in.values());
    } else if (f instanceof IsNull n) {
      return functions.col(n.attribute()).isNull();
    } else if (f instanceof IsNotNull n) {
      return functions.col(n.attribute()).isNotNull();
    } else if (f instanceof StringStartsWith s) {
      return functions.col(s.attribute()).startsWith(s.value());
    } else if (f instanceof StringEndsWith s) {
      return functions.col(s.attribute()).endsWith(s.value());
    } else if (f instanceof StringContains s) {
      return functions.col(s.attribute()).contains(s.value());
    } else if (f instanceof AlwaysTrue) {
      return functions.lit(true);
    } else if (f instanceof AlwaysFalse) {
      return functions.lit(false);
    }
    throw SparkErrors.unsupportedOverwriteCondition(f.toString());
  }
}
