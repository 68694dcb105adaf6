package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableNotFoundException;
import io.github.lancelot.format.TableProperties;
import io.github.lancelot.format.VersionNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.types.StructType;

/**
 * The table operations of a catalog of Lance tables, given how the catalog maps an identifier to a
 * table: load (latest, or by version, tag or time), exists, create, staged CREATE / REPLACE /
 * CREATE OR REPLACE, ALTER, and the policy for dropping and renaming tables addressed by path.
 * {@link LancePathCatalog} and the warehouse catalog both delegate here, so a table behaves the
 * same whichever catalog reaches it. Each load lists and replays the log once, and the returned
 * table carries the snapshot it read.
 */
public final class LanceTables {
  /** How a catalog finds its tables. */
  public interface Resolver {
    /**
     * The table an identifier names; an {@link IllegalArgumentException} if it cannot name a table.
     */
    Table table(Identifier ident);

    /** The table's name in messages and plans. */
    String displayName(Identifier ident, Table table);

    /**
     * Refuses what this catalog does not allow in a CREATE or REPLACE; called before the common
     * checks.
     */
    default void checkDefinition(Identifier ident, Map<String, String> properties) {}

    /**
     * Checks that a new table can be made under this identifier, e.g. that its namespace exists.
     */
    default void checkCreatable(Identifier ident) throws NoSuchNamespaceException {}
  }

  /**
   * The table at {@code location} as Spark's catalogs open it: every version committed through it
   * names this Spark in its commit info.
   */
  public static Table open(String location, Configuration conf) {
    return Table.forPath(location, conf).withEngine(SparkCommit.engineInfo());
  }

  /**
   * Table properties that Spark passes on creation but that describe the statement, not the table.
   */
  private static final Set<String> STATEMENT_PROPERTIES =
      Set.of(
          TableCatalog.PROP_PROVIDER,
          TableCatalog.PROP_LOCATION,
          TableCatalog.PROP_OWNER,
          TableCatalog.PROP_EXTERNAL,
          TableCatalog.PROP_IS_MANAGED_LOCATION,
          "path");

  private final Resolver resolver;

  public LanceTables(Resolver resolver) {
    this.resolver = resolver;
  }

  /** The table at its latest version. */
  public LanceSparkTable load(Identifier ident) throws NoSuchTableException {
    Table table = resolve(ident);
    Snapshot latest =
        table.latestSnapshotIfExists().orElseThrow(() -> new NoSuchTableException(ident));
    return LanceSparkTable.latest(name(ident, table), table, latest);
  }

  /**
   * The table at its latest version, or, when it does not exist, a table that the first write
   * creates.
   */
  public LanceSparkTable loadOrToCreate(Identifier ident) {
    Table table = resolver.table(ident);
    Optional<Snapshot> latest = table.latestSnapshotIfExists();
    return latest.isPresent()
        ? LanceSparkTable.latest(name(ident, table), table, latest.get())
        : LanceSparkTable.toCreate(
            name(ident, table), table, TableProperties.forNewTable(Map.of()));
  }

  /** The table as of a version named by number or by tag: read-only. */
  public LanceSparkTable loadAtVersion(Identifier ident, String version)
      throws NoSuchTableException {
    Table table = resolve(ident);
    return LanceSparkTable.at(
        name(ident, table),
        table,
        travel(ident, table, () -> TimeTravel.atVersion(table, version)));
  }

  /** The table as of a time (microseconds since the epoch, as Spark passes it): read-only. */
  public LanceSparkTable loadAtTimestamp(Identifier ident, long timestampMicros)
      throws NoSuchTableException {
    Table table = resolve(ident);
    return LanceSparkTable.at(
        name(ident, table),
        table,
        travel(ident, table, () -> TimeTravel.atTimestampMicros(table, timestampMicros)));
  }

  /**
   * Resolves a time-travel target without checking first that the table exists: loading it tells.
   */
  private static Snapshot travel(Identifier ident, Table table, Supplier<Snapshot> target)
      throws NoSuchTableException {
    try {
      return target.get();
    } catch (TableNotFoundException e) {
      throw new NoSuchTableException(ident);
    } catch (VersionNotFoundException e) {
      if (!table.exists()) {
        throw new NoSuchTableException(ident);
      }
      throw e;
    }
  }

  /** Whether the table exists; an identifier that cannot name a table names none. */
  public boolean exists(Identifier ident) {
    try {
      return resolver.table(ident).exists();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Creates the table as an empty version 1. */
  public LanceSparkTable create(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    checkDefinition(ident, partitions, properties);
    resolver.checkCreatable(ident);
    Table table = resolver.table(ident);
    Map<String, String> props = tableProperties(properties);
    try {
      Snapshot created =
          table.createTable(SparkSchemas.toTableSchema(schema, props), props).commit();
      return LanceSparkTable.latest(name(ident, table), table, created);
    } catch (io.github.lancelot.format.TableAlreadyExistsException e) {
      throw new TableAlreadyExistsException(ident);
    }
  }

  /**
   * The metrics of a CREATE or REPLACE TABLE AS SELECT statement, which its staged table reports
   * once committed ({@link StagedLanceTable#reportDriverMetrics()}); Spark asks a staging catalog
   * for them from 4.0 on.
   */
  public CustomMetric[] stagedWriteMetrics() {
    return WriteMetrics.supported();
  }

  /** A CREATE TABLE [AS SELECT] whose version 1 is committed with its rows. */
  public StagedTable stageCreate(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    checkDefinition(ident, partitions, properties);
    resolver.checkCreatable(ident);
    Table table = resolver.table(ident);
    if (table.exists()) {
      throw new TableAlreadyExistsException(ident);
    }
    return StagedLanceTable.create(name(ident, table), table, schema, tableProperties(properties));
  }

  /** A REPLACE TABLE [AS SELECT], committed as a new version that keeps the history. */
  public StagedTable stageReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchTableException {
    checkDefinition(ident, partitions, properties);
    Table table = resolve(ident);
    Snapshot current =
        table.latestSnapshotIfExists().orElseThrow(() -> new NoSuchTableException(ident));
    return StagedLanceTable.replace(
        name(ident, table), table, current, schema, tableProperties(properties));
  }

  /**
   * A CREATE OR REPLACE TABLE [AS SELECT]: a replace of the table if it exists, else its creation.
   */
  public StagedTable stageCreateOrReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    checkDefinition(ident, partitions, properties);
    Table table = resolver.table(ident);
    Optional<Snapshot> current = table.latestSnapshotIfExists();
    if (current.isPresent()) {
      return StagedLanceTable.replace(
          name(ident, table), table, current.get(), schema, tableProperties(properties));
    }
    resolver.checkCreatable(ident);
    return StagedLanceTable.create(name(ident, table), table, schema, tableProperties(properties));
  }

  /** Applies one ALTER TABLE statement's changes as one version. */
  public LanceSparkTable alter(Identifier ident, TableChange... changes)
      throws NoSuchTableException {
    Table table = resolve(ident);
    Snapshot base =
        table.latestSnapshotIfExists().orElseThrow(() -> new NoSuchTableException(ident));
    Snapshot altered =
        new SchemaChanges(name(ident, table), base).apply(List.of(changes)).commit(table);
    return LanceSparkTable.latest(name(ident, table), table, altered);
  }

  /**
   * A table addressed by its path is not dropped (nor purged) through a catalog: its folder is the
   * user's.
   */
  public boolean dropPathTable(Identifier ident) {
    throw SparkErrors.dropOfPathTable(name(ident, resolver.table(ident)));
  }

  /** A table addressed by its path is not renamed, and no table is renamed to a path. */
  public void renameWithPath(Identifier from, Identifier to) {
    throw SparkErrors.renameOfPathTable(displayNameOf(from), displayNameOf(to));
  }

  private String displayNameOf(Identifier ident) {
    try {
      return name(ident, resolver.table(ident));
    } catch (IllegalArgumentException e) {
      return ident.toString();
    }
  }

  /**
   * What no CREATE or REPLACE may ask for: partitioning, another provider, or a LOCATION other than
   * the folder the identifier names.
   */
  private void checkDefinition(
      Identifier ident, Transform[] partitions, Map<String, String> properties) {
    resolver.checkDefinition(ident, properties);
    Table table = resolver.table(ident);
    if (partitions.length > 0) {
      throw SparkErrors.partitioningUnsupported(name(ident, table));
    }
    String provider = properties.get(TableCatalog.PROP_PROVIDER);
    if (provider != null
        && !provider.equalsIgnoreCase(LanceDataSource.SHORT_NAME)
        && !provider.equals(LanceDataSource.class.getName())) {
      throw SparkErrors.providerUnsupported(name(ident, table), provider);
    }
    String location = properties.get(TableCatalog.PROP_LOCATION);
    if (location != null
        && !Table.forPath(location, table.conf()).location().equals(table.location())) {
      throw SparkErrors.locationMismatch(name(ident, table), location);
    }
  }

  /**
   * The properties of a CREATE or REPLACE to store with the table: those describing the statement
   * are left out, and the new table records the default codec unless the statement names one.
   */
  static Map<String, String> tableProperties(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach(
        (k, v) -> {
          if (!STATEMENT_PROPERTIES.contains(k) && !k.startsWith(TableCatalog.OPTION_PREFIX)) {
            out.put(k, v);
          }
        });
    return TableProperties.forNewTable(out);
  }

  /** The table an identifier names; one that cannot name a table does not exist. */
  private Table resolve(Identifier ident) throws NoSuchTableException {
    try {
      return resolver.table(ident);
    } catch (IllegalArgumentException e) {
      throw new NoSuchTableException(ident);
    }
  }

  private String name(Identifier ident, Table table) {
    return resolver.displayName(ident, table);
  }
}
