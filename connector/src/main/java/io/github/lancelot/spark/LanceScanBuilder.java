package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a scan of one version. Prunes columns to the data files that hold them, fragments by
 * statistics against the predicates ({@link SparkPredicates} translates them, the format's scan
 * skips the fragments; Spark still evaluates every predicate on the rows), fragments a predicate on
 * {@code _fragment_id} leaves out ({@link FragmentIdPredicates}), fragments beyond a LIMIT, and
 * answers {@code COUNT(*)} from the log without reading data.
 */
final class LanceScanBuilder
    implements ScanBuilder,
        SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters,
        SupportsPushDownLimit,
        SupportsPushDownAggregates {
  private final Snapshot snapshot;
  private final TableScanContext context;
  private StructType requiredSchema;
  private Predicate[] pushed = new Predicate[0];
  private Predicate[] pruning = new Predicate[0];
  private Expression filter = Expressions.alwaysTrue();
  private LongPredicate fragmentIds = id -> true;
  private int limit = -1;
  private boolean countStar;

  LanceScanBuilder(Snapshot snapshot, TableScanContext context) {
    this.snapshot = snapshot;
    this.context = context;
    this.requiredSchema = SparkSchemas.toSparkType(snapshot.schema());
  }

  @Override
  public void pruneColumns(StructType required) {
    this.requiredSchema = required;
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    pushed = predicates;
    List<Predicate> used = new ArrayList<>();
    List<Expression> conditions = new ArrayList<>();
    boolean fragmentIdIsHidden =
        snapshot.schema().column(MetadataColumns.FRAGMENT_ID.name()).isEmpty();
    for (Predicate p : predicates) {
      var condition = SparkPredicates.implied(p, snapshot.schema());
      var kept =
          fragmentIdIsHidden
              ? FragmentIdPredicates.fragmentsKept(p)
              : Optional.<LongPredicate>empty();
      if (condition.isPresent()) {
        used.add(p);
        conditions.add(condition.get());
      } else if (kept.isPresent()) {
        used.add(p);
        fragmentIds = fragmentIds.and(kept.get());
      }
    }
    pruning = used.toArray(new Predicate[0]);
    filter = Expressions.and(conditions);
    return predicates;
  }

  /**
   * The predicates Spark pushed, as a readable condition (the predicate of a DELETE or UPDATE);
   * null if none.
   */
  String conditionDescription() {
    return pushed.length == 0 ? null : SparkPredicates.describe(pushed, snapshot.schema());
  }

  /** The predicates used to skip fragments. */
  @Override
  public Predicate[] pushedPredicates() {
    return pruning;
  }

  @Override
  public boolean pushLimit(int n) {
    limit = n;
    return true;
  }

  @Override
  public boolean isPartiallyPushed() {
    return true;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return isCountStar(aggregation);
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    countStar = isCountStar(aggregation);
    return countStar;
  }

  private static boolean isCountStar(Aggregation aggregation) {
    if (aggregation.groupByExpressions().length != 0
        || aggregation.aggregateExpressions().length != 1) {
      return false;
    }
    AggregateFunc f = aggregation.aggregateExpressions()[0];
    return f instanceof CountStar;
  }

  @Override
  public Scan build() {
    List<Fragment> selected = new ArrayList<>();
    long rows = 0;
    for (Fragment f : snapshot.newScan().withFilter(filter).build().fragments()) {
      if (!fragmentIds.test(f.id())) {
        continue;
      }
      if (limit >= 0 && rows >= limit) {
        break;
      }
      selected.add(f);
      rows += f.liveRows();
    }
    int pruned = snapshot.fragments().size() - selected.size();
    if (countStar) {
      return new CountStarScan(snapshot.numRows());
    }
    List<String> dataColumns = new ArrayList<>();
    List<OutputColumn> layout = new ArrayList<>();
    List<StructField> readFields = new ArrayList<>();
    for (StructField field : requiredSchema.fields()) {
      var meta = MetadataColumns.byName(field.name());
      if (meta.isPresent() && snapshot.schema().column(field.name()).isEmpty()) {
        layout.add(new OutputColumn(-1, meta.get()));
        readFields.add(field);
      } else {
        layout.add(new OutputColumn(dataColumns.size(), null));
        dataColumns.add(field.name());
        // Whole columns are read: a struct Spark pruned to some of its fields is returned with all
        // of them.
        readFields.add(
            SparkSchemas.toSparkField(
                snapshot.schema().column(field.name()).orElseThrow().field()));
      }
    }
    TableSchema projection =
        new TableSchema(snapshot.schema().select(dataColumns), snapshot.schema().lastFieldId());
    return new LanceScan(
        snapshot,
        context,
        selected,
        pruned,
        projection,
        layout,
        new StructType(readFields.toArray(new StructField[0])),
        filter);
  }

  /**
   * Where a column of the scan's output comes from: a projected data column, or a metadata column.
   */
  record OutputColumn(int dataIndex, MetadataColumns metadata) implements java.io.Serializable {}
}
