package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.WriteOptions;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.compact(table => 'db.t', target_rows_per_fragment => 1000000, where => 'day = 3')}:
 * merges small fragments and fragments with deleted rows, as one OPTIMIZE version; with a condition, only the
 * fragments holding matching rows. What {@code OPTIMIZE t [WHERE ...]} runs.
 */
public final class CompactProcedure extends LanceProcedure {
  public static final String NAME = "compact";

  public CompactProcedure(ProcedureContext context) {
    super(context, NAME, "Merges small fragments and materializes deletion vectors");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("table", DataTypes.StringType).build(),
      ProcedureParameter.in("target_rows_per_fragment", DataTypes.LongType).defaultValue("NULL").build(),
      ProcedureParameter.in("where", DataTypes.StringType).defaultValue("NULL").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("version", DataTypes.LongType)
        .add("fragments_removed", DataTypes.LongType)
        .add("fragments_added", DataTypes.LongType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier ident = tableArgument(args.getUTF8String(0).toString());
    Table table = lanceTable(ident);
    Snapshot base = table.latestSnapshot();
    long target = args.isNullAt(1)
        ? WriteOptions.from(base.properties()).maxRowsPerFragment()
        : args.getLong(1);
    if (target <= 0) {
      throw new IllegalArgumentException("target_rows_per_fragment must be positive, not " + target);
    }
    Set<Long> included = args.isNullAt(2) ? null : fragmentsMatching(table, base, args.getUTF8String(2).toString());
    Snapshot after = table.compact(target, f -> included == null || included.contains(f.id()));
    long removed = after.version() == base.version() ? 0
        : after.commitInfo().operationMetrics().getOrDefault("numRemovedFragments", 0L);
    long added = after.version() == base.version() ? 0
        : after.commitInfo().operationMetrics().getOrDefault("numAddedFragments", 0L);
    return new InternalRow[] {new GenericInternalRow(new Object[] {
      UTF8String.fromString(context.displayName(ident)), after.version(), removed, added
    })};
  }

  /** The fragments of {@code version} holding a row that satisfies {@code condition} (Spark SQL). */
  private static Set<Long> fragmentsMatching(Table table, Snapshot version, String condition) {
    Set<Long> ids = new HashSet<>();
    for (Row r : SparkSession.active().read().format("lance").option("versionAsOf", version.version())
        .load(table.location()).where(condition).selectExpr("_fragment_id").distinct().collectAsList()) {
      ids.add(r.getLong(0));
    }
    return ids;
  }
}
