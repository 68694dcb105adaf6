package io.github.lancelot.spark;

import io.github.lancelot.format.ChangedRows;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.VersionChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.ReadAllAvailable;
import org.apache.spark.sql.connector.read.streaming.ReadLimit;
import org.apache.spark.sql.connector.read.streaming.SupportsTriggerAvailableNow;
import org.apache.spark.sql.types.StructType;

/**
 * A stream of a Lance table's change feed ({@code spark.readStream.option("readChangeFeed",
 * "true")}): by default first the live rows of the version the query found, as inserts of that
 * version, then the changes of each later version, with their {@code _change_type}, {@code
 * _commit_version} and {@code _commit_timestamp}; from {@code startingVersion} on, the changes of
 * that version and the later ones. Its offsets are whole versions: a micro-batch reads every change
 * of the versions it reads, at least one version, then more while {@code maxFilesPerTrigger}
 * (counting the fragments a version changed) and {@code maxBytesPerTrigger} allow. Each version is
 * one input partition read by the batch change feed's reader.
 */
final class ChangeFeedMicroBatchStream implements MicroBatchStream, SupportsTriggerAvailableNow {
  private final String name;
  private final Table table;
  private final Snapshot loaded;
  private final StreamingSourceOptions options;
  private final StreamedVersions versions;
  private final TableSchema columns;
  private final List<ChangeFeedPartitionReader.Output> layout;
  private final StructType readSchema;
  private final long startingVersion;
  private StreamingSourceOffset initial;
  private long availableNowEnd = -1;

  /**
   * @param loaded the table as the query found it, whose columns the stream reads
   * @param startingVersion the first version whose changes the stream reads, or -1 to start with a
   *     snapshot of {@code loaded}
   * @param columns the table columns the stream reads
   */
  ChangeFeedMicroBatchStream(
      String name,
      Table table,
      Snapshot loaded,
      StreamingSourceOptions options,
      long startingVersion,
      TableSchema columns,
      List<ChangeFeedPartitionReader.Output> layout,
      StructType readSchema) {
    this.name = name;
    this.table = table;
    this.loaded = loaded;
    this.options = options;
    this.versions = new StreamedVersions(name, table, loaded);
    this.startingVersion = startingVersion;
    this.columns = columns;
    this.layout = List.copyOf(layout);
    this.readSchema = readSchema;
  }

  @Override
  public synchronized Offset initialOffset() {
    if (initial == null) {
      initial =
          startingVersion < 0
              ? new StreamingSourceOffset(loaded.tableId(), loaded.version(), 0, true)
              : new StreamingSourceOffset(loaded.tableId(), startingVersion, 0, false);
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

  @Override
  public void prepareForTriggerAvailableNow() {
    availableNowEnd = versions.latestVersion();
  }

  @Override
  public Offset latestOffset() {
    throw SparkErrors.unboundedStreamOffset(name);
  }

  /** After the versions the read limit admits, whole; {@code start} when there is nothing new. */
  @Override
  public Offset latestOffset(Offset start, ReadLimit limit) {
    StreamingSourceOffset from = (StreamingSourceOffset) (start == null ? initialOffset() : start);
    versions.checkSameTable(from.tableId());
    long last = availableNowEnd >= 0 ? availableNowEnd : versions.latestVersion();
    TriggerBudget budget =
        limit instanceof ReadAllAvailable ? TriggerBudget.unlimited() : TriggerBudget.of(options);
    long version = from.version();
    boolean snapshot = from.initialSnapshot();
    while (version <= last) {
      VersionChanges changes = changes(version, snapshot);
      List<ChangedRows> rows =
          Stream.concat(changes.deleted().stream(), changes.inserted().stream()).toList();
      long bytes = rows.stream().mapToLong(r -> r.fragment().dataSizeInBytes()).sum();
      if (!changes.isEmpty() && !budget.admit(rows.size(), bytes)) {
        break;
      }
      version++;
      snapshot = false;
    }
    return new StreamingSourceOffset(from.tableId(), version, 0, snapshot);
  }

  private VersionChanges changes(long version, boolean snapshot) {
    return snapshot ? versions.liveRowsAsInserts(version) : versions.changes(version);
  }

  /** One partition per version that changed rows, read as the batch change feed reads it. */
  @Override
  public InputPartition[] planInputPartitions(Offset start, Offset end) {
    StreamingSourceOffset from = (StreamingSourceOffset) start;
    StreamingSourceOffset to = (StreamingSourceOffset) end;
    versions.checkSameTable(to.tableId());
    List<InputPartition> partitions = new ArrayList<>();
    for (long v = from.version(); v < to.version(); v++) {
      VersionChanges changes = changes(v, v == from.version() && from.initialSnapshot());
      if (!changes.isEmpty()) {
        partitions.add(new ChangeFeedPartition(changes));
      }
    }
    return partitions.toArray(InputPartition[]::new);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new ChangeFeedReaderFactory(
        TableScanContext.create(table.location(), table.conf()), columns, layout, readSchema);
  }

  @Override
  public void commit(Offset end) {
    versions.forgetBefore(((StreamingSourceOffset) end).version());
  }

  @Override
  public void stop() {}

  @Override
  public String toString() {
    return "LanceChangeFeedStream(" + name + ")";
  }
}
