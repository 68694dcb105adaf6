package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.SupportsCatalogOptions;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * The {@code lance} data source: {@code spark.read.format("lance").load(path)} and {@code
 * df.write.format("lance").mode(m).save(path)}. Spark routes both through {@link LancePathCatalog},
 * so path reads honour {@code versionAsOf} / {@code timestampAsOf} and writes support every save
 * mode, and {@code readChangeFeed} reads the table's change feed ({@link LanceChangeFeedTable}).
 */
public class LanceDataSource implements SupportsCatalogOptions, DataSourceRegister {
  public static final String SHORT_NAME = "lance";
  public static final String VERSION_AS_OF = "versionAsOf";
  public static final String TIMESTAMP_AS_OF = "timestampAsOf";

  /**
   * Read option: {@code false} makes the read's nearest-neighbour searches exact, leaving any
   * vector index unused (as {@code spark.lancelot.vectorIndex.enabled=false} does for a session).
   */
  public static final String USE_VECTOR_INDEX = "useVectorIndex";

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  /**
   * The columns of the version the options name. A table that does not exist yet has none: a write
   * that creates it, such as a streaming query's first batch, gives it its columns.
   */
  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    if (ChangeFeedOptions.requested(options)) {
      @SuppressWarnings("deprecation")
      StructType changes = changeFeed(options).schema();
      return changes;
    }
    Table table = open(options);
    if (!timeTravels(options) && !table.exists()) {
      return new StructType();
    }
    return SparkSchemas.toSparkType(snapshot(table, options).schema());
  }

  @Override
  public org.apache.spark.sql.connector.catalog.Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    CaseInsensitiveStringMap options = new CaseInsensitiveStringMap(properties);
    if (ChangeFeedOptions.requested(options)) {
      return changeFeed(options);
    }
    if (!options.containsKey(VERSION_AS_OF) && !options.containsKey(TIMESTAMP_AS_OF)) {
      return LancePathCatalog.TABLES.loadOrToCreate(Identifier.of(new String[0], path(options)));
    }
    Table table = open(options);
    return LanceSparkTable.at(table.location(), table, snapshot(table, options));
  }

  /**
   * The change feed the options ask for; Spark loads a stream's table here ({@code
   * spark.readStream}), and a batch read's through {@link LancePathCatalog}.
   */
  private static LanceChangeFeedTable changeFeed(CaseInsensitiveStringMap options) {
    if (timeTravels(options)) {
      throw SparkErrors.changeFeedWithTimeTravel(path(options));
    }
    return LanceChangeFeedTable.of(path(options), open(options), ChangeFeedOptions.of(options));
  }

  private static Table open(CaseInsensitiveStringMap options) {
    return LanceTables.open(path(options), LancePathCatalog.hadoopConf());
  }

  /** Whether read options ask for an earlier version. */
  static boolean timeTravels(CaseInsensitiveStringMap options) {
    return options.containsKey(VERSION_AS_OF) || options.containsKey(TIMESTAMP_AS_OF);
  }

  /** The version read options name, the latest if they name none. */
  static Snapshot snapshot(Table table, CaseInsensitiveStringMap options) {
    String version = options.get(VERSION_AS_OF);
    String timestamp = options.get(TIMESTAMP_AS_OF);
    if (version != null && timestamp != null) {
      throw SparkErrors.versionAndTimestamp();
    }
    if (version != null) {
      return TimeTravel.atVersion(table, version);
    }
    if (timestamp != null) {
      return TimeTravel.atTimestampMicros(table, parseTimestampMicros(table, timestamp));
    }
    return table.latestSnapshot();
  }

  /**
   * Parses the option as SQL's {@code TIMESTAMP AS OF '...'} does: Spark's timestamp syntax, in the
   * session zone.
   */
  private static long parseTimestampMicros(Table table, String timestamp) {
    ZoneId zone = DateTimeUtils.getZoneId(SQLConf.get().sessionLocalTimeZone());
    Option<Object> micros =
        DateTimeUtils.stringToTimestamp(UTF8String.fromString(timestamp.trim()), zone);
    if (micros.isEmpty()) {
      throw SparkErrors.invalidTimestamp(table.location(), timestamp);
    }
    return (Long) micros.get();
  }

  private static String path(CaseInsensitiveStringMap options) {
    String path = options.get("path");
    if (path == null || path.isBlank()) {
      throw SparkErrors.pathRequired();
    }
    return path;
  }

  @Override
  public Identifier extractIdentifier(CaseInsensitiveStringMap options) {
    registerPathCatalog();
    if (ChangeFeedOptions.requested(options)) {
      if (timeTravels(options)) {
        throw SparkErrors.changeFeedWithTimeTravel(path(options));
      }
      return Identifier.of(ChangeFeedOptions.of(options).pathNamespace(), path(options));
    }
    return Identifier.of(new String[0], path(options));
  }

  @Override
  public String extractCatalog(CaseInsensitiveStringMap options) {
    registerPathCatalog();
    return LancePathCatalog.NAME;
  }

  @Override
  public Optional<String> extractTimeTravelVersion(CaseInsensitiveStringMap options) {
    return Optional.ofNullable(options.get(VERSION_AS_OF));
  }

  @Override
  public Optional<String> extractTimeTravelTimestamp(CaseInsensitiveStringMap options) {
    return Optional.ofNullable(options.get(TIMESTAMP_AS_OF));
  }

  private static void registerPathCatalog() {
    String key = "spark.sql.catalog." + LancePathCatalog.NAME;
    SparkSession spark = SparkSession.active();
    if (!spark.conf().contains(key)) {
      spark.conf().set(key, LancePathCatalog.class.getName());
    }
  }
}
