package io.github.lancelot.catalog;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.LancePathCatalog;
import io.github.lancelot.spark.LanceSparkTable;
import io.github.lancelot.spark.SparkSchemas;
import io.github.lancelot.spark.StagedLanceTable;
import io.github.lancelot.spark.TimeTravel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.ProcedureCatalog;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import io.github.lancelot.catalog.procedures.AddVectorColumnProcedure;
import io.github.lancelot.catalog.procedures.CleanupProcedure;
import io.github.lancelot.catalog.procedures.CompactProcedure;
import io.github.lancelot.catalog.procedures.ShallowCloneProcedure;
import io.github.lancelot.catalog.procedures.CreateTagProcedure;
import io.github.lancelot.catalog.procedures.DropTagProcedure;
import io.github.lancelot.catalog.procedures.LanceProcedure;
import io.github.lancelot.catalog.procedures.RestoreProcedure;
import io.github.lancelot.catalog.procedures.ProcedureContext;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableCatalogCapability;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark catalog of Lance tables kept in a warehouse folder on any Hadoop filesystem:
 * {@code spark.sql.catalog.lance=io.github.lancelot.catalog.LanceCatalog} and
 * {@code spark.sql.catalog.lance.warehouse=<URI>}. Namespaces are folders, tables are folders of versions. A table
 * elsewhere is reachable by its path as an identifier, {@code lance.`/data/quotes`}. Each table also has
 * metadata tables {@code <table>.history}, {@code <table>.fragments} and {@code <table>.tags}, and the catalog
 * runs the procedures {@code system.*} (restore, tags, compaction, cleanup, clones, vector columns).
 */
public class LanceCatalog implements StagingTableCatalog, SupportsNamespaces, ProcedureCatalog, ProcedureContext {
  /** The catalog option naming the warehouse folder. */
  public static final String WAREHOUSE = "warehouse";
  private static final String[] DEFAULT_NAMESPACE = {"default"};

  private String name;
  private Warehouse warehouse;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
    String uri = options.get(WAREHOUSE);
    if (uri == null || uri.isBlank()) {
      throw CatalogErrors.warehouseRequired(catalogName);
    }
    Configuration conf = SparkSession.active().sessionState().newHadoopConf();
    options.asCaseSensitiveMap().forEach((k, v) -> {
      if (k.startsWith("hadoop.")) {
        conf.set(k.substring("hadoop.".length()), v);
      }
    });
    this.warehouse = new Warehouse(uri, conf);
    if (!warehouse.namespaceExists(DEFAULT_NAMESPACE)) {
      warehouse.createNamespace(DEFAULT_NAMESPACE, Map.of());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String[] defaultNamespace() {
    return DEFAULT_NAMESPACE.clone();
  }

  @Override
  public Set<TableCatalogCapability> capabilities() {
    return Set.of(TableCatalogCapability.SUPPORT_COLUMN_DEFAULT_VALUE);
  }

  // ---- tables

  /** Whether an identifier names a table by its path (lance.`/data/t`) rather than in the warehouse. */
  static boolean isPath(Identifier ident) {
    return ident.namespace().length == 0 && (ident.name().contains("/") || ident.name().contains(":"));
  }

  private Table table(Identifier ident) {
    String location = isPath(ident)
        ? ident.name()
        : warehouse.tablePath(ident.namespace(), ident.name()).toString();
    return Table.forPath(location, warehouse.conf());
  }

  @Override
  public String displayName(Identifier ident) {
    if (isPath(ident)) {
      return name + ".`" + ident.name() + "`";
    }
    return name + "." + String.join(".", ident.namespace()) + (ident.namespace().length > 0 ? "." : "") + ident.name();
  }

  private Table existing(Identifier ident) throws NoSuchTableException {
    Table table = table(ident);
    if (!table.exists()) {
      throw new NoSuchTableException(ident);
    }
    return table;
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident) throws NoSuchTableException {
    if (!isPath(ident) && ident.namespace().length > 0) {
      MetadataTables.Kind kind = MetadataTables.Kind.byName(ident.name());
      Identifier parent = parentOf(ident);
      if (kind != null && existsQuietly(parent)) {
        return MetadataTables.create(kind, displayName(parent), table(parent));
      }
    }
    if (existsQuietly(ident)) {
      return LanceSparkTable.latest(displayName(ident), table(ident));
    }
    throw new NoSuchTableException(ident);
  }

  /** Whether a table exists; an identifier that cannot name a table (e.g. one with '/' in a namespace) does not. */
  private boolean existsQuietly(Identifier ident) {
    try {
      return table(ident).exists();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Identifier parentOf(Identifier ident) {
    String[] ns = ident.namespace();
    return Identifier.of(java.util.Arrays.copyOf(ns, ns.length - 1), ns[ns.length - 1]);
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident, String version)
      throws NoSuchTableException {
    Table table = existing(ident);
    return LanceSparkTable.at(displayName(ident), table, TimeTravel.atVersion(table, version));
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident, long timestampMicros)
      throws NoSuchTableException {
    Table table = existing(ident);
    return LanceSparkTable.at(displayName(ident), table, TimeTravel.atTimestampMicros(table, timestampMicros));
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return table(ident).exists();
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    return warehouse.childTables(namespace).stream()
        .map(t -> Identifier.of(namespace, t))
        .toArray(Identifier[]::new);
  }

  /** What a CREATE or REPLACE may not ask for: partitioning, another provider, a location in the warehouse. */
  private void checkDefinition(Identifier ident, Transform[] partitions, Map<String, String> properties) {
    if (partitions.length > 0) {
      throw CatalogErrors.partitioningUnsupported(displayName(ident));
    }
    String provider = properties.get(TableCatalog.PROP_PROVIDER);
    if (provider != null && !provider.equalsIgnoreCase("lance")) {
      throw CatalogErrors.providerUnsupported(displayName(ident), provider);
    }
    if (!isPath(ident) && properties.containsKey(TableCatalog.PROP_LOCATION)) {
      throw CatalogErrors.locationUnsupported(displayName(ident));
    }
  }

  private void checkCreate(Identifier ident, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException, TableAlreadyExistsException {
    checkDefinition(ident, partitions, properties);
    if (!isPath(ident)) {
      requireNamespace(ident.namespace());
    }
    if (table(ident).exists()) {
      throw new TableAlreadyExistsException(ident);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public org.apache.spark.sql.connector.catalog.Table createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    checkCreate(ident, partitions, properties);
    Map<String, String> props = LancePathCatalog.tableProperties(properties);
    Table table = table(ident);
    table.createTable(SparkSchemas.toTableSchema(schema, props), props).commit();
    return LanceSparkTable.latest(displayName(ident), table);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreate(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    checkCreate(ident, partitions, properties);
    return StagedLanceTable.create(displayName(ident), table(ident), schema,
        LancePathCatalog.tableProperties(properties));
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchTableException {
    checkDefinition(ident, partitions, properties);
    Table table = existing(ident);
    return StagedLanceTable.replace(displayName(ident), table, table.latestSnapshot(),
        schema, LancePathCatalog.tableProperties(properties));
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreateOrReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    Table table = table(ident);
    if (table.exists()) {
      try {
        return stageReplace(ident, schema, partitions, properties);
      } catch (NoSuchTableException e) {
        // dropped meanwhile: create it
      }
    }
    try {
      return stageCreate(ident, schema, partitions, properties);
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException("Table " + displayName(ident) + " was created concurrently", e);
    }
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table alterTable(Identifier ident, TableChange... changes)
      throws NoSuchTableException {
    Table table = existing(ident);
    Snapshot base = table.latestSnapshot();
    new SchemaChanges(displayName(ident), base).apply(List.of(changes)).commit(table);
    return LanceSparkTable.latest(displayName(ident), table);
  }

  @Override
  public boolean dropTable(Identifier ident) {
    if (isPath(ident)) {
      throw CatalogErrors.unsupportedChange(displayName(ident), "DROP a table addressed by path (delete its folder)");
    }
    Path folder = warehouse.tablePath(ident.namespace(), ident.name());
    return warehouse.isTable(folder) && warehouse.deleteRecursively(folder);
  }

  @Override
  public boolean purgeTable(Identifier ident) {
    return dropTable(ident);
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent)
      throws NoSuchTableException, TableAlreadyExistsException {
    if (isPath(oldIdent) || isPath(newIdent)) {
      throw CatalogErrors.renameAcrossCatalogs(displayName(oldIdent), displayName(newIdent));
    }
    existing(oldIdent);
    if (table(newIdent).exists()) {
      throw new TableAlreadyExistsException(newIdent);
    }
    if (!warehouse.namespaceExists(newIdent.namespace())) {
      throw new IllegalArgumentException(
          "Cannot rename " + displayName(oldIdent) + ": namespace " + String.join(".", newIdent.namespace())
              + " does not exist");
    }
    Path from = warehouse.tablePath(oldIdent.namespace(), oldIdent.name());
    Path to = warehouse.tablePath(newIdent.namespace(), newIdent.name());
    if (!warehouse.rename(from, to)) {
      throw new IllegalStateException("Could not rename " + from + " to " + to);
    }
  }

  // ---- procedures

  @Override
  public UnboundProcedure loadProcedure(Identifier ident) {
    if (ident.namespace().length == 1 && ident.namespace()[0].equalsIgnoreCase("system")) {
      for (LanceProcedure p : procedures()) {
        if (p.name().equalsIgnoreCase(ident.name())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "Procedure " + name + "." + String.join(".", ident.namespace()) + "." + ident.name() + " does not exist; "
            + "the procedures are " + String.join(", ", procedures().stream().map(p -> "system." + p.name()).toList()));
  }

  private List<LanceProcedure> procedures() {
    return List.of(new AddVectorColumnProcedure(this), new RestoreProcedure(this), new CreateTagProcedure(this),
        new DropTagProcedure(this), new CompactProcedure(this), new CleanupProcedure(this),
        new ShallowCloneProcedure(this));
  }

  @Override
  public String newTableLocation(Identifier ident) {
    try {
      checkCreate(ident, new Transform[0], Map.of());
    } catch (NoSuchNamespaceException | TableAlreadyExistsException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return table(ident).location();
  }

  @Override
  public TableCatalog catalog() {
    return this;
  }

  @Override
  public Table lanceTable(Identifier ident) throws NoSuchTableException {
    return existing(ident);
  }

  // ---- namespaces

  private void requireNamespace(String[] namespace) throws NoSuchNamespaceException {
    if (!warehouse.namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
  }

  @Override
  public String[][] listNamespaces() {
    return warehouse.childNamespaces(new String[0]).stream().map(n -> new String[] {n}).toArray(String[][]::new);
  }

  @Override
  public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    return warehouse.childNamespaces(namespace).stream()
        .map(n -> {
          String[] child = java.util.Arrays.copyOf(namespace, namespace.length + 1);
          child[namespace.length] = n;
          return child;
        })
        .toArray(String[][]::new);
  }

  @Override
  public boolean namespaceExists(String[] namespace) {
    return warehouse.namespaceExists(namespace);
  }

  @Override
  public Map<String, String> loadNamespaceMetadata(String[] namespace) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    Map<String, String> props = new HashMap<>(warehouse.properties(namespace));
    props.put(SupportsNamespaces.PROP_LOCATION, warehouse.namespacePath(namespace).toString());
    return props;
  }

  @Override
  public void createNamespace(String[] namespace, Map<String, String> metadata)
      throws NamespaceAlreadyExistsException {
    if (warehouse.exists(warehouse.namespacePath(namespace))) {
      throw new NamespaceAlreadyExistsException(namespace);
    }
    Map<String, String> props = new HashMap<>(metadata);
    props.remove(SupportsNamespaces.PROP_LOCATION);
    warehouse.createNamespace(namespace, props);
  }

  @Override
  public void alterNamespace(String[] namespace, NamespaceChange... changes) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    Map<String, String> props = new HashMap<>(warehouse.properties(namespace));
    for (NamespaceChange change : changes) {
      if (change instanceof NamespaceChange.SetProperty set) {
        props.put(set.property(), set.value());
      } else if (change instanceof NamespaceChange.RemoveProperty remove) {
        props.remove(remove.property());
      }
    }
    warehouse.writeProperties(namespace, props);
  }

  @Override
  public boolean dropNamespace(String[] namespace, boolean cascade)
      throws NoSuchNamespaceException, NonEmptyNamespaceException {
    requireNamespace(namespace);
    if (namespace.length == 0) {
      throw new UnsupportedOperationException("Cannot drop the warehouse itself");
    }
    boolean empty = warehouse.childTables(namespace).isEmpty() && warehouse.childNamespaces(namespace).isEmpty();
    if (!empty && !cascade) {
      throw new NonEmptyNamespaceException(namespace);
    }
    return warehouse.deleteRecursively(warehouse.namespacePath(namespace));
  }
}
