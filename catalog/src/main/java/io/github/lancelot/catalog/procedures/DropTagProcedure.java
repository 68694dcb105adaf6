package io.github.lancelot.catalog.procedures;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.drop_tag(table => 'db.t', tag => 'trained')}: removes a tag; its version stays. What
 * {@code ALTER TABLE t DROP TAG [IF EXISTS] trained} runs.
 */
public final class DropTagProcedure extends LanceProcedure {
  public static final String NAME = "drop_tag";

  public DropTagProcedure(ProcedureContext context) {
    super(context, NAME, "Removes a tag from a table");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("table", DataTypes.StringType).build(),
      ProcedureParameter.in("tag", DataTypes.StringType).build(),
      ProcedureParameter.in("if_exists", DataTypes.BooleanType).defaultValue("false").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType().add("name", DataTypes.StringType).add("dropped", DataTypes.BooleanType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier ident = tableArgument(args.getUTF8String(0).toString());
    String tag = args.getUTF8String(1).toString();
    boolean dropped = lanceTable(ident).dropTag(tag);
    if (!dropped && !args.getBoolean(2)) {
      throw new IllegalArgumentException("Table " + context.displayName(ident) + " has no tag '" + tag + "'");
    }
    return new InternalRow[] {new GenericInternalRow(new Object[] {UTF8String.fromString(tag), dropped})};
  }
}
