package io.github.lancelot.spark;

import io.github.lancelot.format.Table;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The catalog behind {@code spark.read.format("lance").load(path)} and {@code df.write.format("lance").save(path)}:
 * an identifier's name is the table's path. {@link LanceDataSource} registers it under {@link #NAME} on first use,
 * so Spark resolves path reads and writes, with time travel and every save mode, as catalog operations.
 */
public class LancePathCatalog implements StagingTableCatalog {
  /** The name under which the data source registers this catalog. */
  public static final String NAME = "lance_paths";

  /** Table properties that Spark passes on creation but that describe the statement, not the table. */
  private static final java.util.Set<String> STATEMENT_PROPERTIES = java.util.Set.of(
      TableCatalog.PROP_PROVIDER, TableCatalog.PROP_LOCATION, TableCatalog.PROP_OWNER, TableCatalog.PROP_EXTERNAL,
      TableCatalog.PROP_IS_MANAGED_LOCATION, "path");

  private String name = NAME;

  @Override
  public void initialize(String catalogName, CaseInsensitiveStringMap options) {
    this.name = catalogName;
  }

  @Override
  public String name() {
    return name;
  }

  static Configuration hadoopConf() {
    return SparkSession.active().sessionState().newHadoopConf();
  }

  private static Table table(Identifier ident) {
    return Table.forPath(ident.name(), hadoopConf());
  }

  /** An existing table at its latest version, or one that the first write will create. */
  @Override
  public LanceSparkTable loadTable(Identifier ident) {
    Table table = table(ident);
    return table.exists()
        ? LanceSparkTable.latest(table.location(), table)
        : LanceSparkTable.toCreate(table.location(), table, Map.of());
  }

  @Override
  public LanceSparkTable loadTable(Identifier ident, String version) throws NoSuchTableException {
    Table table = existing(ident);
    return LanceSparkTable.at(table.location(), table, TimeTravel.atVersion(table, version));
  }

  @Override
  public LanceSparkTable loadTable(Identifier ident, long timestampMicros) throws NoSuchTableException {
    Table table = existing(ident);
    return LanceSparkTable.at(table.location(), table, TimeTravel.atTimestampMicros(table, timestampMicros));
  }

  private static Table existing(Identifier ident) throws NoSuchTableException {
    Table table = table(ident);
    if (!table.exists()) {
      throw new NoSuchTableException(ident);
    }
    return table;
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return table(ident).exists();
  }

  @Override
  @SuppressWarnings("deprecation")
  public LanceSparkTable createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException {
    Table table = table(ident);
    if (table.exists()) {
      throw new TableAlreadyExistsException(ident);
    }
    Map<String, String> props = tableProperties(properties);
    table.createTable(SparkSchemas.toTableSchema(schema, props), props).commit();
    return LanceSparkTable.latest(table.location(), table);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreate(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException {
    Table table = table(ident);
    if (table.exists()) {
      throw new TableAlreadyExistsException(ident);
    }
    return StagedLanceTable.create(table.location(), table, schema, tableProperties(properties));
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchTableException {
    Table table = existing(ident);
    return StagedLanceTable.replace(
        table.location(), table, table.latestSnapshot(), schema, tableProperties(properties));
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreateOrReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties) {
    Table table = table(ident);
    Map<String, String> props = tableProperties(properties);
    return table.exists()
        ? StagedLanceTable.replace(table.location(), table, table.latestSnapshot(), schema, props)
        : StagedLanceTable.create(table.location(), table, schema, props);
  }

  /** The properties of a CREATE or REPLACE to store with the table: those describing the statement are left out. */
  public static Map<String, String> tableProperties(Map<String, String> properties) {
    Map<String, String> out = new TreeMap<>();
    properties.forEach((k, v) -> {
      if (!STATEMENT_PROPERTIES.contains(k) && !k.startsWith(TableCatalog.OPTION_PREFIX)) {
        out.put(k, v);
      }
    });
    return out;
  }

  @Override
  public LanceSparkTable alterTable(Identifier ident, TableChange... changes) {
    throw SparkErrors.unsupportedOnPathTables("ALTER TABLE");
  }

  @Override
  public boolean dropTable(Identifier ident) {
    throw SparkErrors.unsupportedOnPathTables("DROP TABLE");
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    throw SparkErrors.unsupportedOnPathTables("ALTER TABLE RENAME");
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    return new Identifier[0];
  }

}
