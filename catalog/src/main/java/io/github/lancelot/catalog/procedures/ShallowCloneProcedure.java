package io.github.lancelot.catalog.procedures;

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
 * {@code CALL lance.system.shallow_clone(source => 'db.t', target => 'db.t_try', version => '3')}:
 * a new table whose first version is the source's (latest, or the given version or time) without
 * copying data. The two then evolve independently. What {@code CREATE TABLE t2 SHALLOW CLONE t
 * [VERSION AS OF n]} runs.
 */
public final class ShallowCloneProcedure extends LanceProcedure {
  public static final String NAME = "shallow_clone";

  private static final Parameter SOURCE = Parameter.required("source", DataTypes.StringType);
  private static final Parameter TARGET = Parameter.required("target", DataTypes.StringType);
  private static final Parameter VERSION = Parameter.optional("version", DataTypes.StringType);
  private static final Parameter TIMESTAMP =
      Parameter.optional("timestamp", DataTypes.TimestampType);

  public ShallowCloneProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Creates a table from another's version without copying data",
        SOURCE,
        TARGET,
        VERSION,
        TIMESTAMP);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("source", DataTypes.StringType)
        .add("source_version", DataTypes.LongType)
        .add("target", DataTypes.StringType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier sourceIdent = tableArgument(args.string(SOURCE));
    Identifier targetIdent = tableArgument(args.string(TARGET));
    Table source = lanceTable(sourceIdent);
    Snapshot version =
        !args.isNull(VERSION)
            ? TimeTravel.atVersion(source, args.string(VERSION))
            : !args.isNull(TIMESTAMP)
                ? TimeTravel.atTimestampMicros(source, args.longValue(TIMESTAMP))
                : source.latestSnapshot();
    source.shallowClone(version, context.newTableLocation(targetIdent));
    return new InternalRow[] {
      new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(context.displayName(sourceIdent)),
            version.version(),
            UTF8String.fromString(context.displayName(targetIdent))
          })
    };
  }
}
