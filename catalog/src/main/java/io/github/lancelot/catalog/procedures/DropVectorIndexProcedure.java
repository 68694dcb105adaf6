package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.drop_vector_index(table => 'db.t', name => 'by_embedding')}: removes a
 * vector index as a new version; its files stay for the versions that list it until cleanup. What
 * {@code DROP VECTOR INDEX [IF EXISTS] by_embedding ON t} runs.
 */
public final class DropVectorIndexProcedure extends LanceProcedure {
  public static final String NAME = "drop_vector_index";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter INDEX = Parameter.required("name", DataTypes.StringType);
  private static final Parameter IF_EXISTS =
      Parameter.optional("if_exists", DataTypes.BooleanType, "false");

  public DropVectorIndexProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Removes a vector index from a table, as a new version",
        TABLE,
        INDEX,
        IF_EXISTS);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("name", DataTypes.StringType)
        .add("dropped", DataTypes.BooleanType)
        .add("version", DataTypes.LongType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    String name = args.string(INDEX);
    Table table = lanceTable(ident);
    Snapshot latest = table.latestSnapshot();
    boolean listed = latest.indexes().stream().anyMatch(i -> i.name().equals(name));
    if (!listed && args.bool(IF_EXISTS)) {
      return new InternalRow[] {
        new GenericInternalRow(new Object[] {UTF8String.fromString(name), false, latest.version()})
      };
    }
    Snapshot after =
        table
            .newTransaction(latest, Operation.DROP_INDEX)
            .removeIndex(name)
            .operationParameter("name", name)
            .commit();
    refreshCachedTable(ident);
    return new InternalRow[] {
      new GenericInternalRow(new Object[] {UTF8String.fromString(name), true, after.version()})
    };
  }
}
