package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.compact(table => 'db.t', target_rows_per_fragment => 1000000, where =>
 * 'day = 3')}: merges small fragments and fragments with deleted rows, as one OPTIMIZE version;
 * with a condition, only the fragments holding matching rows. What {@code OPTIMIZE t [WHERE ...]}
 * runs.
 */
public final class CompactProcedure extends LanceProcedure {
  public static final String NAME = "compact";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter TARGET_ROWS =
      Parameter.optional("target_rows_per_fragment", DataTypes.LongType);
  private static final Parameter WHERE = Parameter.optional("where", DataTypes.StringType);

  public CompactProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Merges small fragments and materializes deletion vectors",
        TABLE,
        TARGET_ROWS,
        WHERE);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("version", DataTypes.LongType)
        .add("fragments_removed", DataTypes.LongType)
        .add("fragments_added", DataTypes.LongType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    Table table = lanceTable(ident);
    Snapshot base = table.latestSnapshot();
    long target =
        args.optionalLong(TARGET_ROWS)
            .orElse(WriteOptions.from(base.properties()).maxRowsPerFragment());
    if (target <= 0) {
      throw CatalogErrors.invalidTargetRows(context.displayName(ident), target);
    }
    Set<Long> included =
        args.optionalString(WHERE).map(where -> fragmentsMatching(table, base, where)).orElse(null);
    Snapshot after = table.compact(target, f -> included == null || included.contains(f.id()));
    if (after.version() != base.version()) {
      refreshCachedTable(ident);
    }
    long removed =
        after.version() == base.version()
            ? 0
            : after.commitInfo().operationMetrics().getOrDefault("numRemovedFragments", 0L);
    long added =
        after.version() == base.version()
            ? 0
            : after.commitInfo().operationMetrics().getOrDefault("numAddedFragments", 0L);
    return new InternalRow[] {
      new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(context.displayName(ident)), after.version(), removed, added
          })
    };
  }

  /**
   * The fragments of {@code version} holding a row that satisfies {@code condition} (Spark SQL).
   */
  private static Set<Long> fragmentsMatching(Table table, Snapshot version, String condition) {
    Set<Long> ids = new HashSet<>();
    for (Row r :
        SparkSession.active()
            .read()
            .format("lance")
            .option("versionAsOf", version.version())
            .load(table.location())
            .where(condition)
            .selectExpr("_fragment_id")
            .distinct()
            .collectAsList()) {
      ids.add(r.getLong(0));
    }
    return ids;
  }
}
