package io.github.lancelot.spark;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expression;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;

/**
 * A planned scan of one version: the fragments left after pruning, packed into input partitions
 * ({@link FragmentPacking}) and read as Arrow batches, keeping only the rows where the pushed
 * condition holds; or, for a pushed nearest-neighbour search, read as the at most {@code k} rows
 * each task finds ({@link NearestNeighbours}).
 */
final class LanceScan implements Scan, Batch, SupportsReportStatistics {
  private final Snapshot snapshot;
  private final TableScanContext context;
  private final List<Fragment> fragments;
  private final int pruned;
  private final TableSchema projection;
  private final List<LanceScanBuilder.OutputColumn> layout;
  private final StructType readSchema;
  private final Expression filter;
  private final Expression condition;
  private final NearestNeighbours nearest;
  private final IndexedSearch indexed;
  private final StreamingSource stream;

  /**
   * @param projection the columns read: those of the output, then those only the condition or the
   *     search needs
   * @param filter the condition fragments are pruned by
   * @param condition the condition every row read satisfies
   * @param nearest the nearest-neighbour search to run, or null
   * @param vectorIndexAllowed whether the search may use a vector index of the version
   * @param stream what the scan needs to become a stream of the table
   */
  LanceScan(
      Snapshot snapshot,
      TableScanContext context,
      List<Fragment> fragments,
      int pruned,
      TableSchema projection,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema,
      Expression filter,
      Expression condition,
      NearestNeighbours nearest,
      boolean vectorIndexAllowed,
      StreamingSource stream) {
    this.snapshot = snapshot;
    this.context = context;
    this.fragments = fragments;
    this.pruned = pruned;
    this.projection = projection;
    this.layout = layout;
    this.readSchema = readSchema;
    this.filter = filter;
    this.condition = condition;
    this.nearest = nearest;
    this.indexed =
        vectorIndexAllowed
            ? IndexedSearch.plan(snapshot, fragments, nearest, condition).orElse(null)
            : null;
    this.stream = stream;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "LanceScan("
        + context.tableUri()
        + ", version="
        + snapshot.version()
        + ", fragments="
        + fragments.size()
        + "/"
        + snapshot.fragments().size()
        + ", columns="
        + Arrays.toString(readSchema.fieldNames())
        + ", filter="
        + filter
        + (condition.equals(filter) ? "" : ", rows where " + condition)
        + (nearest == null ? "" : ", " + nearest.describe())
        + (indexed == null ? "" : ", " + indexed.describe())
        + ")";
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  /**
   * The rows appended to the table, as a stream ({@link LanceMicroBatchStream}) of the columns of
   * the version the query was analyzed against. A stream of a catalog table's change feed reaches
   * here only in a session without {@link ResolveChangeFeedReads}, which would have given it the
   * feed's columns: it is refused.
   */
  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    if (ChangeFeedOptions.requested(stream.options())) {
      throw SparkErrors.changeFeedStreamOfCatalogTable(stream.name(), stream.table().location());
    }
    return new LanceMicroBatchStream(stream, context);
  }

  @Override
  public InputPartition[] planInputPartitions() {
    SQLConf conf = SQLConf.get();
    int parallelism =
        conf.filesMinPartitionNum().isDefined()
            ? (Integer) conf.filesMinPartitionNum().get()
            : SparkSession.active().sparkContext().defaultParallelism();
    List<InputPartition> partitions = new java.util.ArrayList<>();
    if (indexed != null) {
      partitions.addAll(indexed.partitions());
    }
    partitions.addAll(
        FragmentPacking.pack(
            indexed == null ? fragments : indexed.exact(),
            projectedFieldIds(),
            conf.filesMaxPartitionBytes(),
            conf.filesOpenCostInBytes(),
            parallelism));
    return partitions.toArray(InputPartition[]::new);
  }

  private Set<Integer> projectedFieldIds() {
    return projection.columns().stream().map(TableSchema.Column::id).collect(Collectors.toSet());
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new LanceReaderFactory(context, projection, condition, layout, readSchema, nearest);
  }

  @Override
  public Statistics estimateStatistics() {
    Set<Integer> ids = projectedFieldIds();
    long rows = fragments.stream().mapToLong(Fragment::liveRows).sum();
    long bytes =
        fragments.stream()
            .flatMap(f -> f.files().stream())
            .filter(file -> file.fieldIds().stream().anyMatch(ids::contains))
            .mapToLong(DataFile::sizeInBytes)
            .sum();
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(Math.max(bytes, 1));
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(rows);
      }
    };
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ScanMetrics.supported();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    return new CustomTaskMetric[] {
      ScanMetrics.value(ScanMetrics.FRAGMENTS_TOTAL, snapshot.fragments().size()),
      ScanMetrics.value(ScanMetrics.FRAGMENTS_PRUNED, pruned)
    };
  }
}
