package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.StagedTable;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.types.StructType;

/**
 * A CREATE, REPLACE or CREATE OR REPLACE TABLE [AS SELECT] in progress. The query's rows are
 * written as fragments first; {@link #commitStagedChanges()} then commits the new table, or the
 * replacement of the existing one, as a single version. A replace keeps the table's history: older
 * versions stay readable.
 */
public final class StagedLanceTable extends LanceSparkTable implements StagedTable {
  private final Snapshot replacing;
  private final StructType columns;
  private final Map<String, String> tableProperties;
  private TableSchema schema;
  private final List<Fragment> staged = new ArrayList<>();
  private final SparkCommit commit;
  private CustomTaskMetric[] committedMetrics = new CustomTaskMetric[0];

  private StagedLanceTable(
      String name,
      Table table,
      Snapshot replacing,
      StructType columns,
      Map<String, String> tableProperties) {
    super(name, table, null, false, tableProperties);
    this.replacing = replacing;
    this.columns = columns;
    this.tableProperties = Map.copyOf(tableProperties);
    this.commit = new SparkCommit(table);
  }

  /** Creates {@code table} with these columns and properties when committed. */
  public static StagedLanceTable create(
      String name, Table table, StructType columns, Map<String, String> properties) {
    return new StagedLanceTable(name, table, null, columns, properties);
  }

  /**
   * Replaces the schema, properties and rows of {@code current} when committed, as a new version.
   */
  public static StagedLanceTable replace(
      String name,
      Table table,
      Snapshot current,
      StructType columns,
      Map<String, String> properties) {
    return new StagedLanceTable(name, table, current, columns, properties);
  }

  @Override
  public StructType schema() {
    return columns;
  }

  /**
   * The final table schema, fixed by the write so that its data files carry the committed field
   * ids. The staged columns win over the query's: Spark makes a CREATE TABLE AS SELECT's columns
   * nullable.
   */
  TableSchema schemaForWrite(StructType writeSchema, Map<String, String> writeSettings) {
    Map<String, String> settings = new HashMap<>(tableProperties);
    settings.putAll(writeSettings);
    schema =
        tableSchema(columns.length() == writeSchema.length() ? columns : writeSchema, settings);
    return schema;
  }

  private TableSchema tableSchema(StructType sparkSchema, Map<String, String> settings) {
    TableSchema fresh = SparkSchemas.toTableSchema(sparkSchema, settings);
    return replacing == null ? fresh : fresh.withIdsAfter(replacing.schema().lastFieldId());
  }

  void stage(List<Fragment> fragments) {
    staged.addAll(fragments);
  }

  @Override
  public void commitStagedChanges() {
    TableSchema finalSchema = schema != null ? schema : tableSchema(columns, tableProperties);
    Snapshot committed =
        commit.commit(
            () ->
                replacing == null
                    ? table().createTable(finalSchema, tableProperties)
                    : table()
                        .newTransaction(replacing, Operation.REPLACE_TABLE)
                        .removeAllFragments()
                        .setSchema(finalSchema)
                        .setProperties(tableProperties),
            staged);
    committedMetrics = WriteMetrics.staged(staged, committed.version());
  }

  @Override
  public void abortStagedChanges() {
    commit.abort(staged);
  }

  /**
   * The rows, data files and bytes written and the version committed, as the statement's metrics
   * (the catalog declares them). Spark 4 asks for them after {@link #commitStagedChanges()}; Spark
   * 4.2 declares this on both {@code StagedTable} and {@code TruncatableTable}, so a table that is
   * both must choose; Spark 3.5 does not have it, hence no {@code @Override}.
   */
  public CustomTaskMetric[] reportDriverMetrics() {
    return committedMetrics;
  }
}
