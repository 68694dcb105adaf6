package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.TimeTravel;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.shallow_clone(source => 'db.t', target => 'db.t_try', version => '3')}: a new table
 * whose first version is the source's (latest, or the given version or time) without copying data. The two then
 * evolve independently. What {@code CREATE TABLE t2 SHALLOW CLONE t [VERSION AS OF n]} runs.
 */
public final class ShallowCloneProcedure extends LanceProcedure {
  public static final String NAME = "shallow_clone";

  public ShallowCloneProcedure(ProcedureContext context) {
    super(context, NAME, "Creates a table from another's version without copying data");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("source", DataTypes.StringType).build(),
      ProcedureParameter.in("target", DataTypes.StringType).build(),
      ProcedureParameter.in("version", DataTypes.StringType).defaultValue("NULL").build(),
      ProcedureParameter.in("timestamp", DataTypes.TimestampType).defaultValue("NULL").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType()
        .add("source", DataTypes.StringType)
        .add("source_version", DataTypes.LongType)
        .add("target", DataTypes.StringType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier sourceIdent = tableArgument(args.getUTF8String(0).toString());
    Identifier targetIdent = tableArgument(args.getUTF8String(1).toString());
    Table source = lanceTable(sourceIdent);
    Snapshot version = !args.isNullAt(2) ? TimeTravel.atVersion(source, args.getUTF8String(2).toString())
        : !args.isNullAt(3) ? TimeTravel.atTimestampMicros(source, args.getLong(3))
        : source.latestSnapshot();
    source.shallowClone(version, context.newTableLocation(targetIdent));
    return new InternalRow[] {new GenericInternalRow(new Object[] {
      UTF8String.fromString(context.displayName(sourceIdent)), version.version(),
      UTF8String.fromString(context.displayName(targetIdent))
    })};
  }
}
