package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Plans a scan of one version. Prunes columns to the data files that hold them, fragments by statistics against
 * the filters (which Spark still evaluates on the rows), fragments beyond a LIMIT, and answers {@code COUNT(*)}
 * from the log without reading data.
 */
final class LanceScanBuilder
    implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters, SupportsPushDownLimit,
        SupportsPushDownAggregates {
  private final Snapshot snapshot;
  private final TableScanContext context;
  private StructType requiredSchema;
  private Filter[] pruningFilters = new Filter[0];
  private Filter[] pushed = new Filter[0];
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
  public Filter[] pushFilters(Filter[] filters) {
    pushed = filters;
    List<Filter> usable = new ArrayList<>();
    for (Filter f : filters) {
      if (FragmentPruner.canPrune(snapshot.schema(), f)) {
        usable.add(f);
      }
    }
    pruningFilters = usable.toArray(new Filter[0]);
    return filters;
  }

  /** The filters Spark pushed, as a readable condition (the predicate of a DELETE or UPDATE); null if none. */
  String conditionDescription() {
    if (pushed.length == 0) {
      return null;
    }
    return String.join(" AND ", java.util.Arrays.stream(pushed).map(Filter::toString).toList());
  }

  @Override
  public Filter[] pushedFilters() {
    return pruningFilters;
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
    if (aggregation.groupByExpressions().length != 0 || aggregation.aggregateExpressions().length != 1) {
      return false;
    }
    AggregateFunc f = aggregation.aggregateExpressions()[0];
    return f instanceof CountStar;
  }

  @Override
  public Scan build() {
    FragmentPruner pruner = new FragmentPruner(snapshot.schema(), pruningFilters);
    List<Fragment> selected = new ArrayList<>();
    long rows = 0;
    for (Fragment f : snapshot.fragments()) {
      if (limit >= 0 && rows >= limit) {
        break;
      }
      if (pruner.mightMatch(f)) {
        selected.add(f);
        rows += f.liveRows();
      }
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
        // Whole columns are read: a struct Spark pruned to some of its fields is returned with all of them.
        readFields.add(SparkSchemas.toSparkField(snapshot.schema().column(field.name()).orElseThrow().field()));
      }
    }
    TableSchema projection = new TableSchema(snapshot.schema().select(dataColumns), snapshot.schema().lastFieldId());
    return new LanceScan(
        snapshot, context, selected, pruned, projection, layout, new StructType(readFields.toArray(new StructField[0])),
        pruningFilters);
  }

  /** Where a column of the scan's output comes from: a projected data column, or a metadata column. */
  record OutputColumn(int dataIndex, MetadataColumns metadata) implements java.io.Serializable {}
}
