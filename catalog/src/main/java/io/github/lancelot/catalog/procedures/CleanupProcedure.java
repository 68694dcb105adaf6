package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.CleanupOptions;
import io.github.lancelot.format.CleanupResult;
import io.github.lancelot.format.TableProperties;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.cleanup_old_versions(table => 'db.t', older_than => TIMESTAMP '...', retain_versions =>
 * 10, dry_run => true)}: removes versions committed before {@code older_than} (keeping the newest
 * {@code retain_versions} and every tagged version) and the files no kept version or clone needs. A retention
 * shorter than the table's threshold needs {@code force => true}. What {@code VACUUM t [RETAIN n HOURS] [DRY RUN]}
 * runs.
 */
public final class CleanupProcedure extends LanceProcedure {
  public static final String NAME = "cleanup_old_versions";

  public CleanupProcedure(ProcedureContext context) {
    super(context, NAME, "Removes old versions and unreferenced files");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("table", DataTypes.StringType).build(),
      ProcedureParameter.in("older_than", DataTypes.TimestampType).defaultValue("NULL").build(),
      ProcedureParameter.in("retain_versions", DataTypes.IntegerType).defaultValue("1").build(),
      ProcedureParameter.in("dry_run", DataTypes.BooleanType).defaultValue("false").build(),
      ProcedureParameter.in("force", DataTypes.BooleanType).defaultValue("false").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType()
        .add("versions_removed", DataTypes.createArrayType(DataTypes.LongType))
        .add("files_removed", DataTypes.createArrayType(DataTypes.StringType))
        .add("bytes_removed", DataTypes.LongType)
        .add("dry_run", DataTypes.BooleanType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier ident = tableArgument(args.getUTF8String(0).toString());
    var table = lanceTable(ident);
    long olderThan = args.isNullAt(1)
        ? System.currentTimeMillis()
            - TableProperties.retentionHours(table.latestSnapshot().properties()) * 3_600_000L
        : Math.floorDiv(args.getLong(1), 1000);
    CleanupResult result = table.cleanup(new CleanupOptions(olderThan, args.getInt(2), args.getBoolean(3), args.getBoolean(4)));
    return new InternalRow[] {new GenericInternalRow(new Object[] {
      new GenericArrayData(result.versionsRemoved().toArray()),
      new GenericArrayData(result.filesRemoved().stream().map(UTF8String::fromString).toArray()),
      result.bytesRemoved(),
      result.dryRun()
    })};
  }
}
