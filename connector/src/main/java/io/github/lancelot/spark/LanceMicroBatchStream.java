package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expressions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A stream of the rows appended to a Lance table ({@code spark.readStream.format("lance")}): by
 * default first the live rows of the version the query found, then the rows each later version
 * appended ({@link StreamedVersions} decides what a version appended), in the columns of the
 * version the query was analyzed against. Each micro-batch reads the fragments between two {@link
 * StreamingSourceOffset}s, at most {@code maxFilesPerTrigger} of them and about {@code
 * maxBytesPerTrigger} bytes, as ordinary Lance input partitions read by the same readers as a batch
 * scan.
 */
final class LanceMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow {
  private final String name;
  private final Table table;
  private final Snapshot loaded;
  private final StreamingSourceOptions options;
  private final StreamedVersions versions;
  private final TableScanContext context;
  private final TableSchema projection;
  private final List<LanceScanBuilder.OutputColumn> layout;
  private final StructType readSchema;
  private StreamingSourceOffset initial;
  private long availableNowEnd = -1;

  LanceMicroBatchStream(StreamingSource source, TableScanContext context) {
    this.name = source.name();
    this.table = source.table();
    this.loaded = source.loaded();
    this.options = source.streamOptions();
    this.versions = new StreamedVersions(name, table, loaded);
    this.context = context;
    this.projection = loaded.schema();
    List<LanceScanBuilder.OutputColumn> columns = new ArrayList<>();
    List<StructField> fields = new ArrayList<>();
    for (TableSchema.Column column : projection.columns()) {
      columns.add(new LanceScanBuilder.OutputColumn(columns.size(), null));
      fields.add(SparkSchemas.toSparkField(column.field()));
    }
    this.layout = List.copyOf(columns);
    this.readSchema = new StructType(fields.toArray(StructField[]::new));
  }

  /** Where a query without a checkpoint starts, decided once. */
  @Override
  public synchronized Offset initialOffset() {
    if (initial == null) {
      StreamingSourceOptions.Start start = options.start(table, loaded.version());
      initial = new StreamingSourceOffset(loaded.tableId(), start.version(), 0, start.snapshot());
    }
    return initial;
  }

  @Override
  public Offset deserializeOffset(String json) {
    return StreamingSourceOffset.fromJson(json);
  }

  @Override
  public ReadLimit getDefaultReadLimit() {
    return ReadLimit.maxFiles(options.maxFilesPerTrigger());
  }

  /** Trigger.AvailableNow: reads up to the latest version now, over as many batches as needed. */
  @Override
  public void prepareForTriggerAvailableNow() {
    availableNowEnd = versions.latestVersion();
  }

  @Override
  public Offset latestOffset() {
    throw SparkErrors.unboundedStreamOffset(name);
  }

  /**
   * The end of the next micro-batch starting at {@code start}: after as many fragments as the read
   * limit admits, skipping versions with nothing to read; {@code start} itself when there is
   * nothing new.
   */
  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    StreamingSourceOffset from = (StreamingSourceOffset) (start == null ? initialOffset() : start);
    versions.checkSameTable(from.tableId());
    long last = availableNowEnd >= 0 ? availableNowEnd : versions.latestVersion();
    TriggerBudget budget =
        limit instanceof ReadAllAvailable ? TriggerBudget.unlimited() : TriggerBudget.of(options);
    long version = from.version();
    long index = from.index();
    boolean snapshot = from.initialSnapshot();
    while (version <= last) {
      List<Fragment> fragments = fragments(version, snapshot);
      while (index < fragments.size()
          && budget.admit(1, fragments.get((int) index).dataSizeInBytes())) {
        index++;
      }
      if (index < fragments.size()) {
        return new StreamingSourceOffset(from.tableId(), version, index, snapshot);
      }
      version++;
      index = 0;
      snapshot = false;
    }
    return new StreamingSourceOffset(from.tableId(), version, 0, false);
  }

  private List<Fragment> fragments(long version, boolean snapshot) {
    return snapshot
        ? versions.liveFragments(version)
        : versions.appendedFragments(version, options.skipChangeCommits());
  }

  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    StreamingSourceOffset from = (StreamingSourceOffset) start;
    StreamingSourceOffset to = (StreamingSourceOffset) end;
    versions.checkSameTable(to.tableId());
    List<Fragment> chosen = new ArrayList<>();
    for (long v = from.version(); v < to.version() || (v == to.version() && to.index() > 0); v++) {
      boolean first = v == from.version();
      List<Fragment> fragments = fragments(v, first && from.initialSnapshot());
      int begin = first ? (int) from.index() : 0;
      int stop = v == to.version() ? (int) to.index() : fragments.size();
      chosen.addAll(fragments.subList(begin, stop));
    }
    SQLConf conf = SQLConf.get();
    return FragmentPacking.pack(
            chosen,
            projectedFieldIds(),
            conf.filesMaxPartitionBytes(),
            conf.filesOpenCostInBytes(),
            SparkSession.active().sparkContext().defaultParallelism())
        .toArray(InputPartition[]::new);
  }

  private Set<Integer> projectedFieldIds() {
    return projection.columns().stream().map(TableSchema.Column::id).collect(Collectors.toSet());
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new LanceReaderFactory(
        context, projection, Expressions.alwaysTrue(), layout, readSchema, null);
  }

  @Override
  public void commit(Offset end) {
    versions.forgetBefore(((StreamingSourceOffset) end).version());
  }

  @Override
  public void stop() {}

  @Override
  public String toString() {
    return "LanceStream(" + name + ")";
  }
}
