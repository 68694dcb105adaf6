package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.drop_tag(table => 'db.t', tag => 'trained')}: removes a tag; its version
 * stays. What {@code ALTER TABLE t DROP TAG [IF EXISTS] trained} runs.
 */
public final class DropTagProcedure extends LanceProcedure {
  public static final String NAME = "drop_tag";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter TAG = Parameter.required("tag", DataTypes.StringType);
  private static final Parameter IF_EXISTS =
      Parameter.optional("if_exists", DataTypes.BooleanType, "false");

  public DropTagProcedure(ProcedureContext context) {
    super(context, NAME, "Removes a tag from a table", TABLE, TAG, IF_EXISTS);
  }

  @Override
  public StructType resultSchema() {
    return new StructType().add("name", DataTypes.StringType).add("dropped", DataTypes.BooleanType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    String tag = args.string(TAG);
    boolean dropped = lanceTable(ident).dropTag(tag);
    if (!dropped && !args.bool(IF_EXISTS)) {
      throw CatalogErrors.tagNotFound(context.displayName(ident), tag);
    }
    return new InternalRow[] {
      new GenericInternalRow(new Object[] {UTF8String.fromString(tag), dropped})
    };
  }
}
