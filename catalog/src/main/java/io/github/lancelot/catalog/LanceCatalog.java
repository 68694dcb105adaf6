package io.github.lancelot.catalog;

import io.github.lancelot.catalog.procedures.AddVectorColumnProcedure;
import io.github.lancelot.catalog.procedures.CleanupProcedure;
import io.github.lancelot.catalog.procedures.CompactProcedure;
import io.github.lancelot.catalog.procedures.CreateTagProcedure;
import io.github.lancelot.catalog.procedures.CreateVectorIndexProcedure;
import io.github.lancelot.catalog.procedures.DropTagProcedure;
import io.github.lancelot.catalog.procedures.DropVectorIndexProcedure;
import io.github.lancelot.catalog.procedures.LanceProcedure;
import io.github.lancelot.catalog.procedures.ProcedureContext;
import io.github.lancelot.catalog.procedures.RestoreProcedure;
import io.github.lancelot.catalog.procedures.ShallowCloneProcedure;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.LanceTables;
import io.github.lancelot.spark.VectorFunction;
import io.github.lancelot.spark.VectorFunctions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NamespaceAlreadyExistsException;
import org.apache.spark.sql.catalyst.analysis.NoSuchFunctionException;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.NonEmptyNamespaceException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.FunctionCatalog;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.NamespaceChange;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.SupportsNamespaces;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableCatalogCapability;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark catalog of Lance tables kept in a warehouse folder on any Hadoop filesystem: {@code
 * spark.sql.catalog.lance=io.github.lancelot.catalog.LanceCatalog} and {@code
 * spark.sql.catalog.lance.warehouse=<URI>}. Namespaces are folders, tables are folders of versions.
 * A table elsewhere is reachable by its path as an identifier, {@code lance.`/data/quotes`}. Each
 * table also has metadata tables {@code <table>.history}, {@code <table>.fragments} and {@code
 * <table>.tags}, and the catalog runs the procedures {@code system.*} (restore, tags, compaction,
 * cleanup, clones, vector columns) and offers the vector functions {@code system.vector_*} ({@link
 * VectorFunction}).
 */
public class LanceCatalog extends ProcedureCatalogSupport
    implements StagingTableCatalog,
        SupportsNamespaces,
        FunctionCatalog,
        ProcedureContext,
        ChangelogCatalog {
  /** The catalog option naming the warehouse folder. */
  public static final String WAREHOUSE = "warehouse";

  private static final String[] DEFAULT_NAMESPACE = {"default"};
  private static final String SYSTEM = "system";

  private final LanceTables tables = new LanceTables(new Tables());
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
    options
        .asCaseSensitiveMap()
        .forEach(
            (k, v) -> {
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

  /**
   * Whether an identifier names a table by its path (lance.`/data/t`) rather than in the warehouse.
   */
  static boolean isPath(Identifier ident) {
    return ident.namespace().length == 0
        && (ident.name().contains("/") || ident.name().contains(":"));
  }

  private Table table(Identifier ident) {
    String location =
        isPath(ident)
            ? ident.name()
            : warehouse.tablePath(ident.namespace(), ident.name()).toString();
    return LanceTables.open(location, warehouse.conf());
  }

  @Override
  public String displayName(Identifier ident) {
    if (isPath(ident)) {
      return name + ".`" + ident.name() + "`";
    }
    return name
        + "."
        + String.join(".", ident.namespace())
        + (ident.namespace().length > 0 ? "." : "")
        + ident.name();
  }

  /**
   * The warehouse's and the paths' tables: where an identifier's table lives, and what a new one
   * needs.
   */
  private final class Tables implements LanceTables.Resolver {
    @Override
    public Table table(Identifier ident) {
      return LanceCatalog.this.table(ident);
    }

    @Override
    public String displayName(Identifier ident, Table table) {
      return LanceCatalog.this.displayName(ident);
    }

    /**
     * A warehouse table lives where its name says; one in another folder is addressed by its path.
     */
    @Override
    public void checkDefinition(Identifier ident, Map<String, String> properties) {
      if (!isPath(ident) && properties.containsKey(TableCatalog.PROP_LOCATION)) {
        throw CatalogErrors.locationUnsupported(LanceCatalog.this.displayName(ident));
      }
    }

    @Override
    public void checkCreatable(Identifier ident) throws NoSuchNamespaceException {
      if (!isPath(ident)) {
        requireNamespace(ident.namespace());
      }
    }
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident)
      throws NoSuchTableException {
    if (!isPath(ident) && ident.namespace().length > 0) {
      MetadataTables.Kind kind = MetadataTables.Kind.byName(ident.name());
      Identifier parent = parentOf(ident);
      if (kind != null && tables.exists(parent)) {
        return MetadataTables.create(kind, displayName(parent), table(parent));
      }
    }
    return tables.load(ident);
  }

  private static Identifier parentOf(Identifier ident) {
    String[] ns = ident.namespace();
    return Identifier.of(java.util.Arrays.copyOf(ns, ns.length - 1), ns[ns.length - 1]);
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident, String version)
      throws NoSuchTableException {
    return tables.loadAtVersion(ident, version);
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(
      Identifier ident, long timestampMicros) throws NoSuchTableException {
    return tables.loadAtTimestamp(ident, timestampMicros);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return tables.exists(ident);
  }

  @Override
  public Identifier[] listTables(String[] namespace) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    return warehouse.childTables(namespace).stream()
        .map(t -> Identifier.of(namespace, t))
        .toArray(Identifier[]::new);
  }

  @Override
  @SuppressWarnings("deprecation")
  public org.apache.spark.sql.connector.catalog.Table createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    return tables.create(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreate(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    return tables.stageCreate(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchTableException {
    return tables.stageReplace(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreateOrReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    return tables.stageCreateOrReplace(ident, schema, partitions, properties);
  }

  /**
   * The metrics a CREATE or REPLACE TABLE AS SELECT reports. Spark 4 declares this on {@code
   * StagingTableCatalog}; Spark 3.5 does not, hence no {@code @Override}.
   */
  public CustomMetric[] supportedCustomMetrics() {
    return tables.stagedWriteMetrics();
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table alterTable(
      Identifier ident, TableChange... changes) throws NoSuchTableException {
    return tables.alter(ident, changes);
  }

  /** Deletes a warehouse table's folder; a table addressed by its path is not dropped. */
  @Override
  public boolean dropTable(Identifier ident) {
    if (isPath(ident)) {
      return tables.dropPathTable(ident);
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
      tables.renameWithPath(oldIdent, newIdent);
      return;
    }
    if (!tables.exists(oldIdent)) {
      throw new NoSuchTableException(oldIdent);
    }
    if (table(newIdent).exists()) {
      throw new TableAlreadyExistsException(newIdent);
    }
    if (!warehouse.namespaceExists(newIdent.namespace())) {
      throw CatalogErrors.renameToMissingNamespace(displayName(oldIdent), newIdent.namespace());
    }
    Path from = warehouse.tablePath(oldIdent.namespace(), oldIdent.name());
    Path to = warehouse.tablePath(newIdent.namespace(), newIdent.name());
    if (!warehouse.rename(from, to)) {
      throw new IllegalStateException("Could not rename " + from + " to " + to);
    }
  }

  // ---- procedures

  /** The procedure {@code system.<name>}; a clear error naming the procedures there are if none. */
  @Override
  public LanceProcedure procedure(Identifier ident) {
    if (isSystem(ident.namespace())) {
      for (LanceProcedure p : procedures()) {
        if (p.name().equalsIgnoreCase(ident.name())) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "Procedure "
            + name
            + "."
            + String.join(".", ident.namespace())
            + "."
            + ident.name()
            + " does not exist; "
            + "the procedures are "
            + String.join(", ", procedures().stream().map(p -> "system." + p.name()).toList()));
  }

  /** Every procedure of this catalog, in namespace {@code system}. */
  @Override
  public List<LanceProcedure> procedures() {
    return List.of(
        new AddVectorColumnProcedure(this),
        new RestoreProcedure(this),
        new CreateTagProcedure(this),
        new DropTagProcedure(this),
        new CompactProcedure(this),
        new CleanupProcedure(this),
        new ShallowCloneProcedure(this),
        new CreateVectorIndexProcedure(this),
        new DropVectorIndexProcedure(this));
  }

  // ---- functions

  /** The vector functions in namespace {@code system}; none in a namespace of the warehouse. */
  @Override
  public Identifier[] listFunctions(String[] namespace) throws NoSuchNamespaceException {
    if (isSystem(namespace)) {
      return VectorFunctions.all().stream()
          .map(f -> Identifier.of(new String[] {SYSTEM}, f.name()))
          .toArray(Identifier[]::new);
    }
    requireNamespace(namespace);
    return new Identifier[0];
  }

  @Override
  public UnboundFunction loadFunction(Identifier ident) throws NoSuchFunctionException {
    if (isSystem(ident.namespace())) {
      Optional<VectorFunction> function = VectorFunction.named(ident.name());
      if (function.isPresent()) {
        return function.get();
      }
    }
    throw new NoSuchFunctionException(ident);
  }

  private static boolean isSystem(String[] namespace) {
    return namespace.length == 1 && namespace[0].equalsIgnoreCase(SYSTEM);
  }

  @Override
  public String newTableLocation(Identifier ident) {
    try {
      if (!isPath(ident)) {
        requireNamespace(ident.namespace());
      }
      if (tables.exists(ident)) {
        throw new TableAlreadyExistsException(ident);
      }
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
    if (!tables.exists(ident)) {
      throw new NoSuchTableException(ident);
    }
    return table(ident);
  }

  // ---- namespaces

  private void requireNamespace(String[] namespace) throws NoSuchNamespaceException {
    if (!warehouse.namespaceExists(namespace)) {
      throw new NoSuchNamespaceException(namespace);
    }
  }

  @Override
  public String[][] listNamespaces() {
    return warehouse.childNamespaces(new String[0]).stream()
        .map(n -> new String[] {n})
        .toArray(String[][]::new);
  }

  @Override
  public String[][] listNamespaces(String[] namespace) throws NoSuchNamespaceException {
    requireNamespace(namespace);
    return warehouse.childNamespaces(namespace).stream()
        .map(
            n -> {
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
  public Map<String, String> loadNamespaceMetadata(String[] namespace)
      throws NoSuchNamespaceException {
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
  public void alterNamespace(String[] namespace, NamespaceChange... changes)
      throws NoSuchNamespaceException {
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
    boolean empty =
        warehouse.childTables(namespace).isEmpty()
            && warehouse.childNamespaces(namespace).isEmpty();
    if (!empty && !cascade) {
      throw new NonEmptyNamespaceException(namespace);
    }
    return warehouse.deleteRecursively(warehouse.namespacePath(namespace));
  }
}
