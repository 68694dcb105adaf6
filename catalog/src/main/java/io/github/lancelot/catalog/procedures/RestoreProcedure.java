package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.TimeTravel;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.restore(table => 'db.t', version => 3)} (or {@code timestamp => '...'},
 * or a tag name as the version): a new version equal to the earlier one, without copying data; the
 * versions in between stay readable. What {@code RESTORE TABLE t TO VERSION AS OF 3} runs.
 */
public final class RestoreProcedure extends LanceProcedure {
  public static final String NAME = "restore";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter VERSION = Parameter.optional("version", DataTypes.StringType);
  private static final Parameter TIMESTAMP =
      Parameter.optional("timestamp", DataTypes.TimestampType);

  public RestoreProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Restores a table to an earlier version, as a new version",
        TABLE,
        VERSION,
        TIMESTAMP);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("restored_version", DataTypes.LongType)
        .add("new_version", DataTypes.LongType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    Table table = lanceTable(ident);
    boolean byVersion = !args.isNull(VERSION);
    if (byVersion == !args.isNull(TIMESTAMP)) {
      throw CatalogErrors.versionOrTimestampRequired(NAME, context.displayName(ident));
    }
    Snapshot target =
        byVersion
            ? TimeTravel.atVersion(table, args.string(VERSION))
            : TimeTravel.atTimestampMicros(table, args.longValue(TIMESTAMP));
    Snapshot restored =
        table.newTransaction(table.latestSnapshot(), Operation.RESTORE).restore(target).commit();
    refreshCachedTable(ident);
    return new InternalRow[] {
      new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(context.displayName(ident)), target.version(), restored.version()
          })
    };
  }
}
