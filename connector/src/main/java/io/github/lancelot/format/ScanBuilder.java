package io.github.lancelot.format;

import io.github.lancelot.format.expressions.And;
import io.github.lancelot.format.expressions.Comparison;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.expressions.In;
import io.github.lancelot.format.expressions.IsNotNull;
import io.github.lancelot.format.expressions.IsNull;
import io.github.lancelot.format.expressions.MayMatchEvaluator;
import io.github.lancelot.format.expressions.Not;
import io.github.lancelot.format.expressions.Or;
import io.github.lancelot.format.expressions.StartsWith;
import io.github.lancelot.format.internal.io.TableLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Configures a {@link Scan} of a snapshot: which columns, and which fragments may be skipped, by a
 * condition on their column statistics ({@link #withFilter}) or by any other test ({@link
 * #filterFragments}).
 */
public final class ScanBuilder {
  private final TableLocation location;
  private final Snapshot snapshot;
  private List<String> columns;
  private Predicate<Fragment> fragmentFilter = f -> true;
  private Expression filter = Expressions.alwaysTrue();
  private boolean rowLineage;

  ScanBuilder(TableLocation location, Snapshot snapshot) {
    this.location = location;
    this.snapshot = snapshot;
  }

  /** Reads only these columns, in this order; by default all columns. */
  public ScanBuilder select(List<String> columnNames) {
    this.columns = new ArrayList<>(columnNames);
    return this;
  }

  public ScanBuilder select(String... columnNames) {
    return select(List.of(columnNames));
  }

  /**
   * Makes the scan's batches give each row's id and last-updated version ({@link
   * FragmentBatch#rowId}, {@link FragmentBatch#rowLastUpdatedVersion}).
   */
  public ScanBuilder withRowLineage() {
    this.rowLineage = true;
    return this;
  }

  /**
   * Skips the fragments for which {@code keep} is false, for example by their column statistics.
   */
  public ScanBuilder filterFragments(Predicate<Fragment> keep) {
    this.fragmentFilter = this.fragmentFilter.and(keep);
    return this;
  }

  /**
   * Skips the fragments whose column statistics prove that no row satisfies the condition ({@link
   * MayMatchEvaluator}). The rows of the fragments kept are not filtered: the caller evaluates the
   * condition on them. Called again, both conditions apply.
   *
   * @throws SchemaMismatchException the condition names a column the snapshot does not have
   */
  public ScanBuilder withFilter(Expression condition) {
    checkColumns(condition);
    this.filter = Expressions.and(filter, condition);
    return this;
  }

  private void checkColumns(Expression e) {
    String column = null;
    if (e instanceof And a) {
      checkColumns(a.left());
      checkColumns(a.right());
    } else if (e instanceof Or o) {
      checkColumns(o.left());
      checkColumns(o.right());
    } else if (e instanceof Not n) {
      checkColumns(n.child());
    } else if (e instanceof Comparison c) {
      column = c.column().name();
    } else if (e instanceof In in) {
      column = in.column().name();
    } else if (e instanceof IsNull n) {
      column = n.column().name();
    } else if (e instanceof IsNotNull n) {
      column = n.column().name();
    } else if (e instanceof StartsWith s) {
      column = s.column().name();
    }
    if (column != null && snapshot.schema().column(column).isEmpty()) {
      throw TableErrors.columnNotFound(column, snapshot.schema());
    }
  }

  public Scan build() {
    TableSchema schema = snapshot.schema();
    TableSchema projection =
        columns == null ? schema : new TableSchema(schema.select(columns), schema.lastFieldId());
    MayMatchEvaluator statistics = new MayMatchEvaluator(schema, filter);
    List<Fragment> fragments =
        snapshot.fragments().stream().filter(fragmentFilter).filter(statistics::mayMatch).toList();
    return new Scan(location, snapshot.version(), fragments, projection, rowLineage);
  }
}
