package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.roaringbitmap.RoaringBitmap;
import scala.Tuple2;

/**
 * Finds the rows of a version that satisfy a condition, as row offsets per fragment, with a Spark
 * query over that version: fragments that cannot match are pruned by statistics as in any scan, and
 * each task returns one bitmap of row offsets per fragment it read rather than the rows, so the
 * driver receives at most one small record per fragment however many rows match.
 */
final class MatchingRows {
  private MatchingRows() {}

  /**
   * The offsets of the matching rows per fragment, leaving out the fragments {@code skipped} (which
   * are not read).
   */
  static Map<Long, RoaringBitmap> of(
      Table table, Snapshot version, Column condition, Collection<Long> skipped) {
    Column fragmentId = functions.col(MetadataColumns.FRAGMENT_ID.name());
    Dataset<Row> matching =
        SparkSession.active()
            .read()
            .format(LanceDataSource.SHORT_NAME)
            .option(LanceDataSource.VERSION_AS_OF, version.version())
            .load(table.location())
            .where(
                skipped.isEmpty()
                    ? condition
                    : condition.and(functions.not(fragmentId.isin(skipped.toArray()))))
            .select(fragmentId, functions.col(MetadataColumns.ROW_OFFSET.name()));
    List<Tuple2<Long, byte[]>> perTask =
        matching
            .mapPartitions(
                new BitmapsPerFragment(), Encoders.tuple(Encoders.LONG(), Encoders.BINARY()))
            .collectAsList();
    Map<Long, RoaringBitmap> out = new HashMap<>();
    for (Tuple2<Long, byte[]> fragment : perTask) {
      out.merge(
          fragment._1(),
          RowOffsetBitmaps.deserialize(fragment._2()),
          (a, b) -> {
            a.or(b);
            return a;
          });
    }
    return out;
  }

  /** One task's matching rows as one serialized bitmap of row offsets per fragment. */
  static final class BitmapsPerFragment
      implements MapPartitionsFunction<Row, Tuple2<Long, byte[]>> {
    @Override
    public Iterator<Tuple2<Long, byte[]>> call(Iterator<Row> rows) {
      Map<Long, RoaringBitmap> offsets = new HashMap<>();
      while (rows.hasNext()) {
        Row row = rows.next();
        offsets
            .computeIfAbsent(row.getLong(0), id -> new RoaringBitmap())
            .add((int) row.getLong(1));
      }
      return offsets.entrySet().stream()
          .map(e -> new Tuple2<>(e.getKey(), RowOffsetBitmaps.serialize(e.getValue())))
          .iterator();
    }
  }
}
