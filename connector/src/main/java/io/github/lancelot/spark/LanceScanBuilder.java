package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.expressions.RowFilter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a scan of one version. Prunes columns to the data files that hold them, fragments by
 * statistics against the predicates ({@link SparkPredicates} translates them, the format's scan
 * skips the fragments), fragments a predicate on {@code _fragment_id} leaves out ({@link
 * FragmentIdPredicates}), and rows by the predicates the format evaluates exactly ({@link
 * RowFilter}), which Spark then leaves to the scan; Spark evaluates the others on the rows read.
 * Without such other predicates it also skips fragments beyond a LIMIT, answers {@code COUNT(*)}
 * from the log without reading data, and runs an {@code ORDER BY} a vector function {@code LIMIT k}
 * as a nearest-neighbour search in each task ({@link NearestNeighbours}).
 */
final class LanceScanBuilder
    implements ScanBuilder,
        SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters,
        SupportsPushDownLimit,
        SupportsPushDownTopN,
        SupportsPushDownAggregates {
  private final Snapshot snapshot;
  private final TableScanContext context;
  private final boolean vectorIndexAllowed;
  private final StreamingSource stream;
  private StructType requiredSchema;
  private Predicate[] pushed = new Predicate[0];
  private Predicate[] used = new Predicate[0];
  private Expression filter = Expressions.alwaysTrue();
  private Expression condition = Expressions.alwaysTrue();
  private LongPredicate fragmentIds = id -> true;
  private int limit = -1;
  private boolean countStar;
  private NearestNeighbours nearest;

  /**
   * @param vectorIndexAllowed whether a nearest-neighbour search may use a vector index (the read
   *     option {@code useVectorIndex})
   * @param stream what the scan needs to become a stream of the table
   */
  LanceScanBuilder(
      Snapshot snapshot,
      TableScanContext context,
      boolean vectorIndexAllowed,
      StreamingSource stream) {
    this.snapshot = snapshot;
    this.context = context;
    this.vectorIndexAllowed = vectorIndexAllowed;
    this.stream = stream;
    this.requiredSchema = SparkSchemas.toSparkType(snapshot.schema());
  }

  @Override
  public void pruneColumns(StructType required) {
    this.requiredSchema = required;
  }

  /**
   * Prunes fragments by every predicate with a usable translation, and evaluates on the rows those
   * that the format can evaluate exactly; returns the others, for Spark to evaluate.
   */
  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    pushed = predicates;
    List<Predicate> usedHere = new ArrayList<>();
    List<Predicate> left = new ArrayList<>();
    List<Expression> pruning = new ArrayList<>();
    List<Expression> exact = new ArrayList<>();
    boolean fragmentIdIsHidden =
        snapshot.schema().column(MetadataColumns.FRAGMENT_ID.name()).isEmpty();
    for (Predicate p : predicates) {
      Optional<Expression> implied = SparkPredicates.implied(p, snapshot.schema());
      implied.ifPresent(pruning::add);
      Optional<Expression> evaluated =
          SparkPredicates.exactly(new Predicate[] {p}, snapshot.schema())
              .filter(e -> RowFilter.canEvaluate(e, snapshot.schema()));
      evaluated.ifPresentOrElse(exact::add, () -> left.add(p));
      Optional<LongPredicate> kept =
          implied.isEmpty() && fragmentIdIsHidden
              ? FragmentIdPredicates.fragmentsKept(p)
              : Optional.empty();
      kept.ifPresent(k -> fragmentIds = fragmentIds.and(k));
      if (implied.isPresent() || evaluated.isPresent() || kept.isPresent()) {
        usedHere.add(p);
      }
    }
    used = usedHere.toArray(new Predicate[0]);
    filter = Expressions.and(pruning);
    condition = Expressions.and(exact);
    return left.toArray(new Predicate[0]);
  }

  /**
   * The predicates Spark pushed, as a readable condition (the predicate of a DELETE or UPDATE);
   * null if none.
   */
  String conditionDescription() {
    return pushed.length == 0 ? null : SparkPredicates.describe(pushed, snapshot.schema());
  }

  /** The predicates used to skip fragments or rows. */
  @Override
  public Predicate[] pushedPredicates() {
    return used;
  }

  /** Whether every row of the kept fragments is read, so row counts from the log hold. */
  private boolean readsEveryRow() {
    return condition.equals(Expressions.alwaysTrue());
  }

  @Override
  public boolean pushLimit(int n) {
    limit = n;
    return true;
  }

  /**
   * Takes an {@code ORDER BY <vector function>(column, constant) LIMIT k} as a nearest-neighbour
   * search; Spark still sorts the rows the tasks return and applies the LIMIT.
   */
  @Override
  public boolean pushTopN(SortOrder[] orders, int k) {
    nearest = NearestNeighbours.of(orders, k, snapshot.schema()).orElse(null);
    return nearest != null;
  }

  @Override
  public boolean isPartiallyPushed() {
    return true;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return readsEveryRow() && isCountStar(aggregation);
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    countStar = readsEveryRow() && isCountStar(aggregation);
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
    boolean limitByRows = limit >= 0 && readsEveryRow();
    for (Fragment f : snapshot.newScan().withFilter(filter).build().fragments()) {
      if (!fragmentIds.test(f.id())) {
        continue;
      }
      if (limitByRows && rows >= limit) {
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
    Set<String> read = new LinkedHashSet<>(dataColumns);
    read.addAll(RowFilter.columnsOf(condition));
    if (nearest != null) {
      read.add(nearest.column());
    }
    TableSchema projection =
        new TableSchema(
            snapshot.schema().select(List.copyOf(read)), snapshot.schema().lastFieldId());
    return new LanceScan(
        snapshot,
        context,
        selected,
        pruned,
        projection,
        layout,
        new StructType(readFields.toArray(new StructField[0])),
        filter,
        condition,
        nearest,
        vectorIndexAllowed,
        stream);
  }

  /**
   * Where a column of the scan's output comes from: a projected data column, or a metadata column.
   */
  record OutputColumn(int dataIndex, MetadataColumns metadata) implements java.io.Serializable {}
}
