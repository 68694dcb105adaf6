package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Table;
import io.github.lancelot.format.Tag;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.create_tag(table => 'db.t', tag => 'trained', version => 3)}: names a
 * version (the latest when no version is given). What {@code ALTER TABLE t CREATE TAG trained [AS
 * OF VERSION 3]} runs.
 */
public final class CreateTagProcedure extends LanceProcedure {
  public static final String NAME = "create_tag";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter TAG = Parameter.required("tag", DataTypes.StringType);
  private static final Parameter VERSION = Parameter.optional("version", DataTypes.LongType);

  public CreateTagProcedure(ProcedureContext context) {
    super(context, NAME, "Names a version of a table with a tag", TABLE, TAG, VERSION);
  }

  @Override
  public StructType resultSchema() {
    return TagRows.SCHEMA;
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    Table table = lanceTable(ident);
    long version = args.optionalLong(VERSION).orElseGet(() -> table.latestSnapshot().version());
    Tag tag = table.createTag(args.string(TAG), version);
    return new InternalRow[] {TagRows.row(tag)};
  }

  /** The rows that describe tags, in procedures and in the {@code tags} metadata table. */
  public static final class TagRows {
    public static final StructType SCHEMA =
        new StructType()
            .add("name", DataTypes.StringType, false)
            .add("version", DataTypes.LongType, false)
            .add("created", DataTypes.TimestampType, false);

    private TagRows() {}

    public static InternalRow row(Tag tag) {
      return new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(tag.name()), tag.version(), tag.createdMillis() * 1000
          });
    }
  }
}
