package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.roaringbitmap.RoaringBitmap;

/**
 * Finds the rows of a version that satisfy a condition, as row offsets per fragment, by running a
 * Spark query over that version (fragments that cannot match are pruned by statistics as in any
 * scan).
 */
final class MatchingRows {
  private MatchingRows() {}

  static Map<Long, RoaringBitmap> of(Table table, Snapshot version, Column condition) {
    Map<Long, RoaringBitmap> out = new HashMap<>();
    SparkSession spark = SparkSession.active();
    for (Row r :
        spark
            .read()
            .format(LanceDataSource.SHORT_NAME)
            .option(LanceDataSource.VERSION_AS_OF, version.version())
            .load(table.location())
            .where(condition)
            .select(MetadataColumns.FRAGMENT_ID.name(), MetadataColumns.ROW_OFFSET.name())
            .collectAsList()) {
      out.computeIfAbsent(r.getLong(0), id -> new RoaringBitmap()).add((int) r.getLong(1));
    }
    return out;
  }
}
