package io.github.lancelot.spark;

import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.vectors.BestScores;
import io.github.lancelot.format.vectors.QueryVector;
import java.util.Iterator;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Runs a nearest-neighbour search ({@link NearestNeighbours}) over one input partition's fragments
 * and returns the at most {@code k} rows that come first, in that order. Every live row where the
 * scan's condition holds is scored straight from the vector column's Arrow buffer ({@link
 * QueryVector}); only a row that enters the {@code k} best so far is copied out of its batch.
 */
final class NearestRowsReader implements PartitionReader<InternalRow> {
  private final FragmentBatches batches;
  private final NearestNeighbours search;
  private final int vectorIndex;
  private final UnsafeProjection copy;
  private Iterator<InternalRow> found;
  private InternalRow row;

  /**
   * @param vectorIndex the position of the searched vector column among the projected columns
   */
  NearestRowsReader(
      FragmentBatches batches, NearestNeighbours search, int vectorIndex, StructType readSchema) {
    this.batches = batches;
    this.search = search;
    this.vectorIndex = vectorIndex;
    this.copy = UnsafeProjection.create(readSchema);
  }

  @Override
  public boolean next() {
    if (found == null) {
      found = search().iterator();
    }
    if (!found.hasNext()) {
      row = null;
      return false;
    }
    row = found.next();
    return true;
  }

  private Iterable<InternalRow> search() {
    BestScores<InternalRow> best =
        new BestScores<>(search.k(), search.ascending(), search.nullsFirst());
    QueryVector query = search.scorer();
    while (batches.next()) {
      FragmentBatch batch = batches.fragmentBatch();
      query.load((FixedSizeListVector) batch.root().getVector(vectorIndex));
      int[] positions = batch.livePositions();
      ColumnarBatch rows = batches.columnar();
      for (int i = 0; i < batch.rowCount(); i++) {
        Float score = query.score(positions == null ? i : positions[i]);
        if (best.wouldKeep(score)) {
          best.offer(score, copy.apply(rows.getRow(i)).copy());
        }
      }
    }
    return best.best();
  }

  @Override
  public InternalRow get() {
    return row;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return batches.metrics();
  }

  @Override
  public void close() {
    batches.close();
  }
}
