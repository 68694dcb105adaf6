package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.MayMatchEvaluator;
import io.github.lancelot.format.expressions.MustMatchEvaluator;
import io.github.lancelot.format.internal.commit.CommittedVersions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsDeleteV2;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsRowLevelOperations;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Lance table as Spark sees it: one version of it (the latest, or a time-travelled one, which is
 * read-only), or a table that does not exist yet and is created by the first write, with that
 * write's schema.
 */
public class LanceSparkTable
    implements SupportsRead,
        SupportsWrite,
        SupportsMetadataColumns,
        SupportsRowLevelOperations,
        SupportsDeleteV2 {
  private final String name;
  private final Table table;
  private final Snapshot snapshot;
  private final boolean timeTravel;
  private final Map<String, String> createProperties;
  private final boolean rowLevelTarget;
  private final AtomicBoolean scanned = new AtomicBoolean();

  LanceSparkTable(
      String name,
      Table table,
      Snapshot snapshot,
      boolean timeTravel,
      Map<String, String> createProperties) {
    this(name, table, snapshot, timeTravel, createProperties, false);
  }

  private LanceSparkTable(
      String name,
      Table table,
      Snapshot snapshot,
      boolean timeTravel,
      Map<String, String> createProperties,
      boolean rowLevelTarget) {
    this.name = name;
    this.table = table;
    this.snapshot = snapshot;
    this.timeTravel = timeTravel;
    this.createProperties = Map.copyOf(createProperties);
    this.rowLevelTarget = rowLevelTarget;
  }

  /** The table at its latest version, {@code latest}: readable and writable. */
  public static LanceSparkTable latest(String name, Table table, Snapshot latest) {
    return new LanceSparkTable(name, table, latest, false, Map.of());
  }

  /** The table as of an older version: readable, not writable. */
  public static LanceSparkTable at(String name, Table table, Snapshot snapshot) {
    return new LanceSparkTable(name, table, snapshot, true, Map.of());
  }

  /** A table that does not exist yet; the first write creates it with that write's schema. */
  public static LanceSparkTable toCreate(String name, Table table, Map<String, String> properties) {
    return new LanceSparkTable(name, table, null, false, properties);
  }

  public Table table() {
    return table;
  }

  /**
   * Whether Spark leaves resolving the columns of writes into this table to {@link
   * ResolveLanceWrites} ({@code TableCapability.ACCEPT_ANY_SCHEMA}), which lets a write add or
   * replace columns and fills the ones it leaves out: for the latest version of an existing table,
   * in a session with that rule, unless this object is the target of an UPDATE or MERGE.
   */
  boolean acceptsAnySchema() {
    return snapshot != null && !timeTravel && !rowLevelTarget && ResolveLanceWrites.isInstalled();
  }

  /**
   * This table as the target of an UPDATE or MERGE: Spark resolves such a statement's assignments
   * only for a table that does not accept any schema, so this one does not. It equals this table.
   */
  LanceSparkTable asRowLevelTarget() {
    return new LanceSparkTable(name, table, snapshot, timeTravel, createProperties, true);
  }

  /**
   * The version this table object reads and writes on top of; null when the table is yet to be
   * created.
   */
  public Snapshot snapshot() {
    return snapshot;
  }

  Map<String, String> createProperties() {
    return createProperties;
  }

  @Override
  public String name() {
    return name;
  }

  // Spark 4 prefers columns(), derived from this; Spark 3.5 reads schema() itself.
  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return snapshot == null
        ? new StructType()
        : SparkSchemas.toDeclaredSparkType(snapshot.schema());
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> props =
        new HashMap<>(snapshot == null ? createProperties : snapshot.properties());
    props.put(TableCatalog.PROP_PROVIDER, LanceDataSource.SHORT_NAME);
    props.put(TableCatalog.PROP_LOCATION, table.location());
    if (snapshot != null) {
      props.put(CURRENT_VERSION, String.valueOf(snapshot.version()));
    }
    return props;
  }

  /**
   * The table's identity (Spark 4.1 and later): the id its first version recorded, so a table
   * dropped and created again under the same name is another table.
   */
  public String id() {
    return snapshot == null ? name : snapshot.tableId();
  }

  /**
   * The version this object reads (Spark 4.1 and later), by which Spark tells that a cached or
   * analyzed plan reads an older version than the table's latest and reloads it.
   */
  public String version() {
    return snapshot == null ? null : String.valueOf(snapshot.version());
  }

  /** Table properties that describe the table rather than configure it; never stored in the log. */
  public static final String CURRENT_VERSION = "current-version";

  /** The stored properties, without the descriptive ones {@link #properties()} adds. */
  public Map<String, String> storedProperties() {
    return snapshot == null ? createProperties : snapshot.properties();
  }

  /**
   * Equal to another load of the same table folder at the same pinned version, or of its latest
   * version: how Spark's cache manager recognises a cached table in a later query and finds the
   * caches a write must refresh. A time-travelled table never equals the latest one.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof LanceSparkTable other
        && getClass() == other.getClass()
        && table.location().equals(other.table.location())
        && pinnedVersion() == other.pinnedVersion();
  }

  @Override
  public int hashCode() {
    return Objects.hash(table.location(), pinnedVersion());
  }

  /** The time-travelled version; -1 for the latest version, -2 for a table yet to be created. */
  private long pinnedVersion() {
    return snapshot == null ? -2 : timeTravel ? snapshot.version() : -1;
  }

  @Override
  public Set<TableCapability> capabilities() {
    Set<TableCapability> caps =
        EnumSet.of(
            TableCapability.BATCH_READ,
            TableCapability.BATCH_WRITE,
            TableCapability.TRUNCATE,
            TableCapability.OVERWRITE_BY_FILTER);
    if (!timeTravel) {
      caps.add(TableCapability.STREAMING_WRITE);
    }
    if (snapshot != null && !timeTravel) {
      caps.add(TableCapability.MICRO_BATCH_READ);
    }
    if (snapshot == null || acceptsAnySchema()) {
      caps.add(TableCapability.ACCEPT_ANY_SCHEMA);
    }
    if (snapshot != null && !timeTravel) {
      caps.addAll(SchemaEvolutionCapabilities.of());
    }
    return caps;
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return MetadataColumns.ALL.toArray(new MetadataColumn[0]);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    if (snapshot == null) {
      throw SparkErrors.tableNotFound(table.location());
    }
    return new LanceScanBuilder(
        snapshotToRead(options),
        TableScanContext.create(table.location(), withFileSystemOptions(options)),
        options.getBoolean(LanceDataSource.USE_VECTOR_INDEX, true),
        new StreamingSource(name, table, snapshot, options.asCaseSensitiveMap()));
  }

  /**
   * The version a scan reads: this table's, or the one the read options name ({@code
   * spark.read().option("versionAsOf", 2).table(...)}) where Spark left them to the scan (Spark
   * 3.5; Spark 4 loads that version as the table). The scan has this table's columns, so a version
   * with other columns is refused.
   */
  private Snapshot snapshotToRead(CaseInsensitiveStringMap options) {
    if (timeTravel) {
      return snapshot;
    }
    if (!LanceDataSource.timeTravels(options)) {
      // A plan that runs again (a DataFrame defined before a change, a cache being refreshed)
      // reads the latest version, as a query defined now would.
      boolean again = scanned.getAndSet(true);
      return again || CommittedVersions.newerThan(table.location(), snapshot.version())
          ? table.latestSnapshot()
          : snapshot;
    }
    Snapshot version = LanceDataSource.snapshot(table, options);
    if (!SparkSchemas.toSparkType(version.schema())
        .equals(SparkSchemas.toSparkType(snapshot.schema()))) {
      throw SparkErrors.timeTravelOptionWithOtherColumns(name, version.version());
    }
    return version;
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    if (timeTravel) {
      throw SparkErrors.writeToTimeTravel(name, snapshot.version());
    }
    for (String option :
        new String[] {LanceDataSource.VERSION_AS_OF, LanceDataSource.TIMESTAMP_AS_OF}) {
      if (info.options().containsKey(option)) {
        throw SparkErrors.timeTravelOptionOnWrite(name, option);
      }
    }
    return new LanceWriteBuilder(this, info);
  }

  @Override
  public RowLevelOperationBuilder newRowLevelOperationBuilder(RowLevelOperationInfo info) {
    if (timeTravel) {
      throw SparkErrors.writeToTimeTravel(name, snapshot.version());
    }
    if (snapshot == null) {
      throw SparkErrors.tableNotFound(table.location());
    }
    return new LanceRowLevelOperation(this, info);
  }

  /**
   * Whether a DELETE with this condition can drop whole fragments without reading a row: statistics
   * prove every fragment either holds no matching row or only matching rows. Otherwise Spark runs
   * it as a row-level DELETE.
   */
  @Override
  public boolean canDeleteWhere(Predicate[] predicates) {
    if (snapshot == null || timeTravel) {
      return false;
    }
    var condition = SparkPredicates.exactly(predicates, snapshot.schema());
    if (condition.isEmpty()) {
      return false;
    }
    MayMatchEvaluator may = new MayMatchEvaluator(snapshot.schema(), condition.get());
    MustMatchEvaluator must = new MustMatchEvaluator(snapshot.schema(), condition.get());
    return snapshot.fragments().stream().allMatch(f -> !may.mayMatch(f) || must.mustMatch(f));
  }

  /** Deletes the fragments whose rows all match, as one version. */
  @Override
  public void deleteWhere(Predicate[] predicates) {
    if (!canDeleteWhere(predicates)) {
      throw SparkErrors.deleteNeedsRowLevelOperation(
          name, SparkPredicates.describe(predicates, snapshot.schema()));
    }
    Expression condition = SparkPredicates.exactly(predicates, snapshot.schema()).orElseThrow();
    MustMatchEvaluator must = new MustMatchEvaluator(snapshot.schema(), condition);
    var txn = table.newTransaction(snapshot, io.github.lancelot.format.Operation.DELETE);
    long rows = 0;
    for (var f : snapshot.fragments()) {
      if (must.mustMatch(f)) {
        txn.removeFragment(f.id());
        rows += f.liveRows();
      }
    }
    if (rows == 0) {
      return;
    }
    new SparkCommit(table)
        .parameter("predicate", condition.toString())
        .parameter("metadataOnly", "true")
        .metric("numDeletedRows", rows)
        .commit(() -> txn, java.util.List.of());
  }

  /**
   * The table's Hadoop configuration plus filesystem settings passed as read options (e.g.
   * fs.s3a.*).
   */
  private Configuration withFileSystemOptions(CaseInsensitiveStringMap options) {
    Map<String, String> fsOptions = new HashMap<>();
    options
        .asCaseSensitiveMap()
        .forEach(
            (k, v) -> {
              if (k.startsWith("fs.") || k.startsWith("dfs.") || k.startsWith("hadoop.")) {
                fsOptions.put(k, v);
              }
            });
    if (fsOptions.isEmpty()) {
      return table.conf();
    }
    Configuration conf = new Configuration(table.conf());
    fsOptions.forEach(conf::set);
    return conf;
  }

  @Override
  public String toString() {
    return "LanceTable(" + name + (snapshot == null ? ", new" : ", v" + snapshot.version()) + ")";
  }
}
