package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.index.IvfFiles;
import io.github.lancelot.format.index.IvfSegmentSearch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.roaringbitmap.RoaringBitmap;

/**
 * Runs a nearest-neighbour search over one index segment's fragments: the segment gives the best
 * {@code k} live rows of its probed partitions ({@link IvfSegmentSearch}), and only those rows are
 * then read from the fragments and returned as an exact search over them would return them ({@link
 * NearestRowsReader}). A segment this release cannot read is not an error: its fragments are then
 * searched exactly.
 */
final class IndexedNearestRowsReader implements PartitionReader<InternalRow> {
  private final PartitionReader<InternalRow> rows;

  IndexedNearestRowsReader(
      TableScanContext context,
      IndexedSearchPartition partition,
      NearestNeighbours search,
      TableSchema projection,
      List<LanceScanBuilder.OutputColumn> layout,
      StructType readSchema,
      int vectorIndex) {
    float[] centroids =
        IvfFiles.readCentroids(context.tableUri(), context.conf(), partition.index());
    Optional<IvfSegmentSearch.Candidates> found =
        IvfSegmentSearch.search(
            context.tableUri(),
            context.conf(),
            partition.index(),
            partition.segment(),
            centroids,
            partition.options().metric(),
            new IvfSegmentSearch.Query(
                search.measure(),
                search.query(),
                search.k(),
                search.ascending(),
                search.nullsFirst(),
                partition.nprobes()),
            partition.fragments());
    FragmentBatches batches;
    if (found.isEmpty()) {
      batches =
          new FragmentBatches(
              context,
              partition.fragments(),
              projection,
              io.github.lancelot.format.expressions.Expressions.alwaysTrue(),
              layout,
              readSchema);
    } else {
      Map<Long, RoaringBitmap> byFragment = new HashMap<>();
      for (IvfSegmentSearch.RowRef r : found.get().best()) {
        byFragment
            .computeIfAbsent(r.fragmentId(), id -> new RoaringBitmap())
            .add((int) r.rowOffset());
      }
      Map<Long, FragmentBatches.SelectedRows> selected = new HashMap<>();
      byFragment.forEach(
          (id, offsets) ->
              selected.put(
                  id, new FragmentBatches.SelectedRows(offsets, found.get().batchRows().get(id))));
      List<Fragment> read =
          partition.fragments().stream().filter(f -> byFragment.containsKey(f.id())).toList();
      batches =
          new FragmentBatches(
              context,
              read,
              projection,
              io.github.lancelot.format.expressions.Expressions.alwaysTrue(),
              layout,
              readSchema,
              selected);
    }
    this.rows = new NearestRowsReader(batches, search, vectorIndex, readSchema);
  }

  @Override
  public boolean next() throws java.io.IOException {
    return rows.next();
  }

  @Override
  public InternalRow get() {
    return rows.get();
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return rows.currentMetricsValues();
  }

  @Override
  public void close() throws java.io.IOException {
    rows.close();
  }
}
