package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.TimeTravel;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.restore(table => 'db.t', version => 3)} (or {@code timestamp => '...'}, or a tag name
 * as the version): a new version equal to the earlier one, without copying data; the versions in between stay
 * readable. What {@code RESTORE TABLE t TO VERSION AS OF 3} runs.
 */
public final class RestoreProcedure extends LanceProcedure {
  public static final String NAME = "restore";

  public RestoreProcedure(ProcedureContext context) {
    super(context, NAME, "Restores a table to an earlier version, as a new version");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("table", DataTypes.StringType).build(),
      ProcedureParameter.in("version", DataTypes.StringType).defaultValue("NULL").build(),
      ProcedureParameter.in("timestamp", DataTypes.TimestampType).defaultValue("NULL").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("restored_version", DataTypes.LongType)
        .add("new_version", DataTypes.LongType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier ident = tableArgument(args.getUTF8String(0).toString());
    Table table = lanceTable(ident);
    boolean byVersion = !args.isNullAt(1);
    boolean byTime = !args.isNullAt(2);
    if (byVersion == byTime) {
      throw new IllegalArgumentException(
          "CALL " + NAME + " on " + context.displayName(ident) + " needs exactly one of version or timestamp");
    }
    Snapshot target = byVersion
        ? TimeTravel.atVersion(table, args.getUTF8String(1).toString())
        : TimeTravel.atTimestampMicros(table, args.getLong(2));
    Snapshot restored = table.newTransaction(table.latestSnapshot(), Operation.RESTORE)
        .restore(target)
        .engineInfo("Apache Spark " + SparkSession.active().version())
        .commit();
    return new InternalRow[] {new GenericInternalRow(new Object[] {
      UTF8String.fromString(context.displayName(ident)), target.version(), restored.version()
    })};
  }
}
