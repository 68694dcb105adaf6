package io.github.lancelot.spark;

import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.index.IvfFiles;
import io.github.lancelot.format.index.IvfSegmentSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.roaringbitmap.RoaringBitmap;

/**
 * Runs a nearest-neighbour search over one index segment's fragments: the segment gives the best
 * {@code k} live rows of its probed partitions, with their vectors ({@link IvfSegmentSearch}); the
 * rows' other columns are then read from the fragments, only from the record batches holding them,
 * and the searched column is filled from the segment (the same floats as the data file). A segment
 * this release cannot read is not an error: its fragments are then searched exactly ({@link
 * NearestRowsReader}), as are those of a result with a NULL element in a vector.
 */
final class IndexedNearestRowsReader implements PartitionReader<InternalRow> {
  private final PartitionReader<InternalRow> exact;
  private final FragmentBatches batches;
  private Iterator<InternalRow> found;
  private InternalRow row;

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
    Optional<IvfSegmentSearch.Candidates> candidates =
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
    if (candidates.isEmpty()
        || candidates.get().best().stream().anyMatch(r -> r.vector() == null)) {
      this.exact =
          new NearestRowsReader(
              new FragmentBatches(
                  context,
                  partition.fragments(),
                  projection,
                  Expressions.alwaysTrue(),
                  layout,
                  readSchema),
              search,
              vectorIndex,
              readSchema);
      this.batches = null;
      return;
    }
    this.exact = null;
    Map<Long, Map<Long, float[]>> vectors = new HashMap<>();
    Map<Long, FragmentBatches.SelectedRows> selected = new HashMap<>();
    for (IvfSegmentSearch.RowRef r : candidates.get().best()) {
      vectors.computeIfAbsent(r.fragmentId(), id -> new HashMap<>()).put(r.rowOffset(), r.vector());
    }
    vectors.forEach(
        (id, rows) -> {
          RoaringBitmap offsets = new RoaringBitmap();
          rows.keySet().forEach(offset -> offsets.add(offset.intValue()));
          selected.put(
              id, new FragmentBatches.SelectedRows(offsets, candidates.get().batchRows().get(id)));
        });
    // The other columns: the projection and output without the searched column.
    List<TableSchema.Column> others = new ArrayList<>(projection.columns());
    others.remove(vectorIndex);
    int[] fromOthers = new int[layout.size()];
    List<LanceScanBuilder.OutputColumn> otherLayout = new ArrayList<>();
    StructType otherSchema = new StructType();
    for (int p = 0; p < layout.size(); p++) {
      LanceScanBuilder.OutputColumn out = layout.get(p);
      if (out.metadata() == null && out.dataIndex() == vectorIndex) {
        fromOthers[p] = -1;
        continue;
      }
      fromOthers[p] = otherLayout.size();
      otherLayout.add(
          out.metadata() != null || out.dataIndex() < vectorIndex
              ? out
              : new LanceScanBuilder.OutputColumn(out.dataIndex() - 1, null));
      otherSchema = otherSchema.add(readSchema.fields()[p]);
    }
    this.batches =
        new FragmentBatches(
            context,
            partition.fragments().stream().filter(f -> vectors.containsKey(f.id())).toList(),
            new TableSchema(others, projection.lastFieldId()),
            Expressions.alwaysTrue(),
            otherLayout,
            otherSchema,
            selected);
    UnsafeProjection copy = UnsafeProjection.create(readSchema);
    List<InternalRow> out = new ArrayList<>();
    while (batches.next()) {
      FragmentBatch batch = batches.fragmentBatch();
      ColumnarBatch columns = batches.columnar();
      Map<Long, float[]> ofFragment = vectors.get(batch.fragmentId());
      for (int i = 0; i < columns.numRows(); i++) {
        InternalRow other = columns.getRow(i);
        Object[] values = new Object[layout.size()];
        for (int p = 0; p < values.length; p++) {
          values[p] =
              fromOthers[p] < 0
                  ? UnsafeArrayData.fromPrimitiveArray(ofFragment.get(batch.rowOffset(i)))
                  : other.get(fromOthers[p], readSchema.fields()[p].dataType());
        }
        out.add(copy.apply(new GenericInternalRow(values)).copy());
      }
    }
    this.found = out.iterator();
  }

  @Override
  public boolean next() throws java.io.IOException {
    if (exact != null) {
      return exact.next();
    }
    if (!found.hasNext()) {
      row = null;
      return false;
    }
    row = found.next();
    return true;
  }

  @Override
  public InternalRow get() {
    return exact != null ? exact.get() : row;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return exact != null ? exact.currentMetricsValues() : batches.metrics();
  }

  @Override
  public void close() throws java.io.IOException {
    if (exact != null) {
      exact.close();
    } else {
      batches.close();
    }
  }
}
