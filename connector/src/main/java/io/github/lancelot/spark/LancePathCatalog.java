package io.github.lancelot.spark;

import io.github.lancelot.format.Table;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchNamespaceException;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.catalog.StagingTableCatalog;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The catalog behind {@code spark.read.format("lance").load(path)} and {@code
 * df.write.format("lance").save(path)}: an identifier's name is the table's path. {@link
 * LanceDataSource} registers it under {@link #NAME} on first use, so Spark resolves path reads and
 * writes, with time travel and every save mode, as catalog operations. The table operations are
 * {@link LanceTables}'; unlike a catalog's, loading a missing path gives a table that the first
 * write creates, as {@code DataFrameWriter} loads the table before writing.
 */
public class LancePathCatalog implements StagingTableCatalog {
  /** The name under which the data source registers this catalog. */
  public static final String NAME = "lance_paths";

  /** Paths as identifiers: a table's name in plans and messages is its qualified location. */
  static final LanceTables TABLES =
      new LanceTables(
          new LanceTables.Resolver() {
            @Override
            public Table table(Identifier ident) {
              return LanceTables.open(ident.name(), hadoopConf());
            }

            @Override
            public String displayName(Identifier ident, Table table) {
              return table.location();
            }
          });

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

  /**
   * An existing table at its latest version, or one that the first write will create; or, for the
   * identifier of a change feed read, the table's change feed.
   */
  @Override
  public org.apache.spark.sql.connector.catalog.Table loadTable(Identifier ident)
      throws NoSuchTableException {
    java.util.Optional<ChangeFeedOptions> changes =
        ChangeFeedOptions.fromPathNamespace(ident.namespace());
    if (changes.isPresent()) {
      Identifier path = Identifier.of(new String[0], ident.name());
      return LanceChangeFeedTable.of(ident.name(), TABLES.load(path).table(), changes.get());
    }
    return TABLES.loadOrToCreate(ident);
  }

  @Override
  public LanceSparkTable loadTable(Identifier ident, String version) throws NoSuchTableException {
    return TABLES.loadAtVersion(ident, version);
  }

  @Override
  public LanceSparkTable loadTable(Identifier ident, long timestampMicros)
      throws NoSuchTableException {
    return TABLES.loadAtTimestamp(ident, timestampMicros);
  }

  @Override
  public boolean tableExists(Identifier ident) {
    return TABLES.exists(ident);
  }

  @Override
  @SuppressWarnings("deprecation")
  public LanceSparkTable createTable(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    return TABLES.create(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreate(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws TableAlreadyExistsException, NoSuchNamespaceException {
    return TABLES.stageCreate(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchTableException {
    return TABLES.stageReplace(ident, schema, partitions, properties);
  }

  @Override
  @SuppressWarnings("deprecation")
  public StagedTable stageCreateOrReplace(
      Identifier ident, StructType schema, Transform[] partitions, Map<String, String> properties)
      throws NoSuchNamespaceException {
    return TABLES.stageCreateOrReplace(ident, schema, partitions, properties);
  }

  /**
   * The metrics a CREATE or REPLACE TABLE AS SELECT reports. Spark 4 declares this on {@code
   * StagingTableCatalog}; Spark 3.5 does not, hence no {@code @Override}.
   */
  public CustomMetric[] supportedCustomMetrics() {
    return TABLES.stagedWriteMetrics();
  }

  @Override
  public LanceSparkTable alterTable(Identifier ident, TableChange... changes)
      throws NoSuchTableException {
    return TABLES.alter(ident, changes);
  }

  @Override
  public boolean dropTable(Identifier ident) {
    return TABLES.dropPathTable(ident);
  }

  @Override
  public void renameTable(Identifier oldIdent, Identifier newIdent) {
    TABLES.renameWithPath(oldIdent, newIdent);
  }

  @Override
  public Identifier[] listTables(String[] namespace) {
    return new Identifier[0];
  }
}
