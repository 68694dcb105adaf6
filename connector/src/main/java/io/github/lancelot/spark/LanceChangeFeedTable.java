package io.github.lancelot.spark;

import io.github.lancelot.format.ChangeFeed;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The change feed of a Lance table over a range of versions, as a read-only table: the columns of
 * the table at the ending version (read as their default, or NULL, for rows written before a column
 * was added) and {@code _change_type}, {@code _commit_version} and {@code _commit_timestamp}, with
 * each row's lineage as the metadata columns {@code _row_id} and {@code _row_last_updated_version}
 * (as the row was in the version it is live in: the one before for deleted rows). The range is
 * checked when the table is built, so that a wrong one fails at analysis.
 */
public final class LanceChangeFeedTable implements SupportsRead, SupportsMetadataColumns {
  public static final String CHANGE_TYPE = "_change_type";
  public static final String COMMIT_VERSION = "_commit_version";
  public static final String COMMIT_TIMESTAMP = "_commit_timestamp";

  private final String name;
  private final Table table;
  private final long start;
  private final long end;
  private final Snapshot ending;

  /**
   * @param start the first version, or {@link #NO_START} when the options give none: then only a
   *     stream can read it, which starts with a snapshot of the latest version
   */
  private LanceChangeFeedTable(String name, Table table, long start, long end) {
    this.name = name;
    this.table = table;
    this.start = start;
    this.end = end;
    if (start != NO_START) {
      ChangeFeed.checkRange(table, start, end);
    }
    this.ending = table.snapshotAt(end);
    for (var column : ending.schema().columns()) {
      if (List.of(CHANGE_TYPE, COMMIT_VERSION, COMMIT_TIMESTAMP)
          .contains(column.name().toLowerCase(java.util.Locale.ROOT))) {
        throw SparkErrors.changeFeedColumnTaken(name, column.name());
      }
    }
  }

  private static final long NO_START = -1;

  /** The changes of {@code table} that {@code options} select. */
  public static LanceChangeFeedTable of(String name, Table table, ChangeFeedOptions options) {
    if (!options.hasStart()) {
      return new LanceChangeFeedTable(name, table, NO_START, table.latestSnapshot().version());
    }
    long[] range = options.versions(name, table);
    return new LanceChangeFeedTable(name, table, range[0], range[1]);
  }

  /** The read options' change feed of a table, if they ask for one. */
  public static java.util.Optional<LanceChangeFeedTable> requested(
      LanceSparkTable table, Map<String, String> options) {
    if (!ChangeFeedOptions.requested(options)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(of(table.name(), table.table(), ChangeFeedOptions.of(options)));
  }

  @Override
  public String name() {
    return start == NO_START
        ? name + " changes after version " + end
        : name + " changes from version " + start + " to " + end;
  }

  // Spark 4 prefers columns(), derived from this; Spark 3.5 reads schema() itself.
  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return SparkSchemas.toSparkType(ending.schema())
        .add(CHANGE_TYPE, DataTypes.StringType, false)
        .add(COMMIT_VERSION, DataTypes.LongType, false)
        .add(COMMIT_TIMESTAMP, DataTypes.TimestampType, false);
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ, TableCapability.MICRO_BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return newScanBuilder(schema(), options.asCaseSensitiveMap());
  }

  /** The schema with the rows' lineage as columns, for engines that need a row id column. */
  @SuppressWarnings("deprecation")
  public StructType schemaWithRowLineage() {
    StructType schema = schema();
    for (MetadataColumns column :
        List.of(MetadataColumns.ROW_ID, MetadataColumns.ROW_LAST_UPDATED_VERSION)) {
      schema = schema.add(column.name(), column.dataType(), false);
    }
    return schema;
  }

  /** A scan builder reading the changes as rows of {@code schema}, the table's or a subset. */
  public ScanBuilder newScanBuilder(StructType schema) {
    return newScanBuilder(schema, Map.of());
  }

  /**
   * A scan builder reading the changes as rows of {@code schema}; {@code options} are the read
   * options, which a stream of the changes takes its options from.
   */
  private ScanBuilder newScanBuilder(StructType schema, Map<String, String> options) {
    return new ChangeFeedScanBuilder(
        table,
        ending.schema(),
        schema,
        start,
        end,
        new StreamingSource(name, table, ending, options));
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return new MetadataColumn[] {MetadataColumns.ROW_ID, MetadataColumns.ROW_LAST_UPDATED_VERSION};
  }
}
