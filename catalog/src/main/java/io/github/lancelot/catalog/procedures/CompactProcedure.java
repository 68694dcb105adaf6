package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.format.CompactionPlan;
import io.github.lancelot.format.CompactionTarget;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.spark.DistributedCompaction;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
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
 * 'day = 3', target_bytes_per_fragment => 268435456)}: merges small fragments and fragments with
 * deleted rows, as one OPTIMIZE version; with a condition, only the fragments holding matching
 * rows. What {@code OPTIMIZE t [WHERE ...]} runs. The driver plans from metadata and commits; Spark
 * tasks rewrite the fragments ({@link DistributedCompaction}). The targets default to the table's
 * {@code max-rows-per-fragment} and {@code max-bytes-per-fragment}.
 */
public final class CompactProcedure extends LanceProcedure {
  public static final String NAME = "compact";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter TARGET_ROWS =
      Parameter.optional("target_rows_per_fragment", DataTypes.LongType);
  private static final Parameter WHERE = Parameter.optional("where", DataTypes.StringType);
  private static final Parameter TARGET_BYTES =
      Parameter.optional("target_bytes_per_fragment", DataTypes.LongType);

  public CompactProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Merges small fragments and materializes deletion vectors, in Spark tasks",
        TABLE,
        TARGET_ROWS,
        WHERE,
        TARGET_BYTES);
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
    String name = context.displayName(ident);
    Table table = lanceTable(ident);
    Snapshot base = table.latestSnapshot();
    CompactionTarget target = target(args, name, base);
    Set<Long> included =
        args.optionalString(WHERE)
            .map(where -> fragmentsMatching(name, table, base, where))
            .orElse(null);
    CompactionPlan plan =
        table.planCompaction(base, target, f -> included == null || included.contains(f.id()));
    Snapshot after = DistributedCompaction.run(plan, name);
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
          new Object[] {UTF8String.fromString(name), after.version(), removed, added})
    };
  }

  /** The target sizes the arguments give, each defaulting to the table's property. */
  private static CompactionTarget target(Arguments args, String table, Snapshot base) {
    CompactionTarget defaults = CompactionTarget.fromProperties(base.properties());
    long rows = args.optionalLong(TARGET_ROWS).orElse(defaults.rowsPerFragment());
    if (rows <= 0 || rows > Integer.MAX_VALUE) {
      throw CatalogErrors.invalidTargetRows(table, rows);
    }
    long bytes = args.optionalLong(TARGET_BYTES).orElse(defaults.bytesPerFragment());
    if (bytes <= 0) {
      throw CatalogErrors.invalidTargetBytes(table, bytes);
    }
    return new CompactionTarget(rows, bytes);
  }

  /**
   * The fragments of {@code version} holding a row that satisfies {@code condition} (Spark SQL): a
   * query whose result is one id per fragment.
   */
  private static Set<Long> fragmentsMatching(
      String name, Table table, Snapshot version, String condition) {
    Set<Long> ids = new HashSet<>();
    try {
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
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        throw withCause(CatalogErrors.invalidCompactCondition(name, condition, e.getMessage()), e);
      }
      throw e;
    }
    return ids;
  }
}
