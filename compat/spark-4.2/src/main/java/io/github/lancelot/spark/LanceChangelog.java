package io.github.lancelot.spark;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.CatalogV2Util;
import org.apache.spark.sql.connector.catalog.Changelog;
import org.apache.spark.sql.connector.catalog.ChangelogRange;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Lance table's change feed as Spark 4.2's {@link Changelog}: the change feed's columns with the
 * row id as a column, since Spark identifies a row's changes by it when it computes net changes.
 * The feed has no carry-over rows (rows a version only moved are left out) and gives updates as
 * pre- and post-images; a range may hold several changes of a row (one per version).
 */
public final class LanceChangelog implements Changelog {
  private final LanceChangeFeedTable changes;

  private LanceChangelog(LanceChangeFeedTable changes) {
    this.changes = changes;
  }

  /** The changes of {@code table} in a range of versions or times, as Spark gives it. */
  public static LanceChangelog of(LanceSparkTable table, ChangelogRange range) {
    Map<String, String> options = new HashMap<>();
    if (range instanceof ChangelogRange.VersionRange v) {
      long start =
          Long.parseLong(v.startingVersion().trim()) + (v.startingBoundInclusive() ? 0 : 1);
      options.put(ChangeFeedOptions.STARTING_VERSION, Long.toString(start));
      v.endingVersion()
          .ifPresent(
              end ->
                  options.put(
                      ChangeFeedOptions.ENDING_VERSION,
                      Long.toString(
                          Long.parseLong(end.trim()) - (v.endingBoundInclusive() ? 0 : 1))));
    } else if (range instanceof ChangelogRange.TimestampRange t) {
      options.put(
          ChangeFeedOptions.STARTING_TIMESTAMP,
          instant(t.startingTimestamp() + (t.startingBoundInclusive() ? 0 : 1)));
      t.endingTimestamp()
          .ifPresent(
              end ->
                  options.put(
                      ChangeFeedOptions.ENDING_TIMESTAMP,
                      instant(end - (t.endingBoundInclusive() ? 0 : 1))));
    } else {
      List<Long> versions = table.table().versions();
      long oldest = versions.get(0);
      options.put(ChangeFeedOptions.STARTING_VERSION, Long.toString(oldest == 1 ? 1 : oldest + 1));
    }
    return new LanceChangelog(
        LanceChangeFeedTable.of(table.name(), table.table(), ChangeFeedOptions.of(options)));
  }

  private static String instant(long micros) {
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000)
        .toString();
  }

  @Override
  public String name() {
    return changes.name();
  }

  @Override
  public Column[] columns() {
    return CatalogV2Util.structTypeToV2Columns(changes.schemaWithRowLineage(), false);
  }

  @Override
  public boolean containsCarryoverRows() {
    return false;
  }

  @Override
  public boolean containsIntermediateChanges() {
    return true;
  }

  @Override
  public boolean representsUpdateAsDeleteAndInsert() {
    return false;
  }

  @Override
  public NamedReference[] rowId() {
    return new NamedReference[] {Expressions.column(MetadataColumns.ROW_ID.name())};
  }

  @Override
  public NamedReference rowVersion() {
    return Expressions.column(LanceChangeFeedTable.COMMIT_VERSION);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    return changes.newScanBuilder(changes.schemaWithRowLineage());
  }
}
