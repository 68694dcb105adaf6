package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.format.CleanupOptions;
import io.github.lancelot.format.CleanupResult;
import io.github.lancelot.format.TableProperties;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.cleanup_old_versions(table => 'db.t', older_than => TIMESTAMP '...',
 * retain_versions => 10, dry_run => true)}: removes versions committed before {@code older_than}
 * (keeping the newest {@code retain_versions} and every tagged version) and the files no kept
 * version or clone needs. Instead of {@code older_than}, {@code retention_hours => 24} removes the
 * versions older than that many hours before the call runs; with neither, the table's threshold is
 * the retention. A retention shorter than the table's threshold needs {@code force => true}. What
 * {@code VACUUM t [RETAIN n HOURS] [DRY RUN]} runs.
 */
public final class CleanupProcedure extends LanceProcedure {
  public static final String NAME = "cleanup_old_versions";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter OLDER_THAN =
      Parameter.optional("older_than", DataTypes.TimestampType);
  private static final Parameter RETENTION_HOURS =
      Parameter.optional("retention_hours", DataTypes.DoubleType);
  private static final Parameter RETAIN_VERSIONS =
      Parameter.optional("retain_versions", DataTypes.IntegerType, "1");
  private static final Parameter DRY_RUN =
      Parameter.optional("dry_run", DataTypes.BooleanType, "false");
  private static final Parameter FORCE =
      Parameter.optional("force", DataTypes.BooleanType, "false");

  public CleanupProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Removes old versions and unreferenced files",
        TABLE,
        OLDER_THAN,
        RETAIN_VERSIONS,
        DRY_RUN,
        FORCE,
        RETENTION_HOURS);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("versions_removed", DataTypes.createArrayType(DataTypes.LongType))
        .add("files_removed", DataTypes.createArrayType(DataTypes.StringType))
        .add("bytes_removed", DataTypes.LongType)
        .add("dry_run", DataTypes.BooleanType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    var table = lanceTable(ident);
    OptionalLong olderThanMicros = args.optionalTimestampMicros(OLDER_THAN);
    OptionalDouble retentionHours = args.optionalDouble(RETENTION_HOURS);
    if (olderThanMicros.isPresent() && retentionHours.isPresent()) {
      throw CatalogErrors.olderThanOrRetention(NAME, ident.toString());
    }
    if (retentionHours.isPresent()
        && !(retentionHours.getAsDouble() >= 0 && Double.isFinite(retentionHours.getAsDouble()))) {
      throw CatalogErrors.invalidRetentionHours(
          NAME, ident.toString(), retentionHours.getAsDouble());
    }
    // The cut-off is taken now, when the call runs, not when its statement was parsed or planned.
    long olderThan =
        olderThanMicros.isPresent()
            ? Math.floorDiv(olderThanMicros.getAsLong(), 1000)
            : System.currentTimeMillis()
                - (long)
                    (retentionHours.orElse(
                            TableProperties.retentionHours(table.latestSnapshot().properties()))
                        * 3_600_000L);
    CleanupResult result =
        table.cleanup(
            new CleanupOptions(
                olderThan, args.intValue(RETAIN_VERSIONS), args.bool(DRY_RUN), args.bool(FORCE)));
    return new InternalRow[] {
      new GenericInternalRow(
          new Object[] {
            new GenericArrayData(result.versionsRemoved().toArray()),
            new GenericArrayData(
                result.filesRemoved().stream().map(UTF8String::fromString).toArray()),
            result.bytesRemoved(),
            result.dryRun()
          })
    };
  }
}
