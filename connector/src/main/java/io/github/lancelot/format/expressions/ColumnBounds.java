package io.github.lancelot.format.expressions;

import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.util.Optional;

/**
 * What is known about one column's values in one fragment, over all its physical rows (deleted ones
 * included): the number of rows, how many are NULL, and a lower and an upper bound of the others in
 * {@link StatsDomain} (null when unknown). Bounds need not be values the column holds: a long
 * string minimum is a prefix of it.
 *
 * <p>A fragment written before the column was added has no data file for it; every one of its rows
 * reads the column's default (or NULL), so the bounds are that value.
 */
record ColumnBounds(long rows, long nullCount, Object lower, Object upper) {

  /** The bounds, or empty when the fragment has no statistics for the column. */
  static Optional<ColumnBounds> of(TableSchema.Column column, Fragment fragment) {
    if (fragment.fileHolding(column.id()).isEmpty()) {
      return ofDefault(column, fragment.physicalRows());
    }
    ColumnStats stats = fragment.stats().get(column.id());
    if (stats == null) {
      return Optional.empty();
    }
    var type = column.field().getType();
    return Optional.of(
        new ColumnBounds(
            fragment.physicalRows(),
            stats.nullCount(),
            StatsDomain.value(type, stats.min()),
            StatsDomain.value(type, stats.max())));
  }

  private static Optional<ColumnBounds> ofDefault(TableSchema.Column column, long rows) {
    Object value;
    try {
      value = ColumnDefaults.valueOf(null, column.field());
    } catch (LancelotException e) {
      return Optional.empty();
    }
    if (value == null) {
      return Optional.of(new ColumnBounds(rows, rows, null, null));
    }
    Object bound = StatsDomain.value(column.field().getType(), value);
    return Optional.of(new ColumnBounds(rows, 0, bound, bound));
  }

  /** Whether no row holds a value (also when there are no rows). */
  boolean allNull() {
    return nullCount >= rows;
  }
}
