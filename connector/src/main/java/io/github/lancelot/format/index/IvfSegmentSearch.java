package io.github.lancelot.format.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.internal.io.ArrowMemory;
import io.github.lancelot.format.internal.io.DeletionVectors;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.json.Json;
import io.github.lancelot.format.vectors.BestScores;
import io.github.lancelot.format.vectors.QueryVector;
import io.github.lancelot.format.vectors.VectorMeasure;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.roaringbitmap.RoaringBitmap;

/**
 * Searches one segment of an IVF index: loads only the record batches of the {@code nprobes}
 * partitions nearest to the query and of the rows whose score can be NULL, scores their vectors
 * exactly with the search's measure, and keeps the best {@code k} rows of the covered fragments
 * that are not deleted. A segment this release cannot read (another layout) yields nothing, and its
 * fragments are then searched exactly.
 */
public final class IvfSegmentSearch {
  /**
   * A row of a fragment, by offset, with its vector as the segment holds it: null when the vector
   * or one of its elements is NULL (the row's vector must then be read from its data file).
   */
  public record RowRef(long fragmentId, long rowOffset, float[] vector) {}

  /**
   * The best rows found, best first, and for each fragment of the segment the row counts of its
   * data files' record batches.
   */
  public record Candidates(List<RowRef> best, Map<Long, int[]> batchRows) {}

  /** What a search asks: the query, its measure and order, and how many rows and partitions. */
  public record Query(
      VectorMeasure measure,
      float[] vector,
      int k,
      boolean ascending,
      boolean nullsFirst,
      int nprobes) {}

  private IvfSegmentSearch() {}

  /**
   * @param covered the fragments of the segment the search may return rows of, as the version read
   *     has them; their deleted rows are never returned
   */
  public static Optional<Candidates> search(
      String tableUri,
      Configuration conf,
      VectorIndex index,
      VectorIndex.Segment segment,
      float[] centroids,
      IndexMetric metric,
      Query query,
      List<Fragment> covered) {
    int dimension = query.vector().length;
    if (centroids == null || centroids.length == 0 || centroids.length % dimension != 0) {
      return Optional.empty();
    }
    int partitions = centroids.length / dimension;
    TableLocation location = new TableLocation(tableUri, conf);
    Map<Long, RoaringBitmap> deleted = new HashMap<>();
    for (Fragment f : covered) {
      deleted.put(
          f.id(),
          f.deletionFile() == null ? new RoaringBitmap() : DeletionVectors.read(location, f));
    }
    Path path = location.resolveIndexFile(segment.path(), index.name());
    try (BufferAllocator allocator = ArrowMemory.newChild("ivf-segment-search");
        ArrowFileReader reader = IvfFiles.open(location, path, segment.sizeInBytes(), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      List<ArrowBlock> blocks = reader.getRecordBlocks();
      if (blocks.size() != partitions + 1
          || !root.getSchema()
              .getFields()
              .equals(IvfSegmentWriter.schema(dimension, Map.of()).getFields())) {
        return Optional.empty();
      }
      Map<Long, int[]> batchRows = batchRows(root.getSchema().getCustomMetadata());
      if (batchRows == null) {
        return Optional.empty();
      }
      BestScores<RowRef> best = new BestScores<>(query.k(), query.ascending(), query.nullsFirst());
      QueryVector scorer = new QueryVector(query.measure(), query.vector());
      int[] probes = metric.probe(centroids, dimension, query.vector(), query.nprobes());
      int[] batches = java.util.Arrays.copyOf(probes, probes.length + 1);
      batches[probes.length] = partitions;
      for (int b : batches) {
        reader.loadRecordBatch(blocks.get(b));
        BigIntVector ids = (BigIntVector) root.getVector(IvfSegmentWriter.FRAGMENT_ID);
        BigIntVector offsets = (BigIntVector) root.getVector(IvfSegmentWriter.ROW_OFFSET);
        FixedSizeListVector vectors = (FixedSizeListVector) root.getVector(IvfSegmentWriter.VECTOR);
        scorer.load(vectors);
        for (int i = 0; i < root.getRowCount(); i++) {
          RoaringBitmap gone = deleted.get(ids.get(i));
          long offset = offsets.get(i);
          if (gone == null || gone.contains((int) offset)) {
            continue;
          }
          Float score = scorer.score(i);
          if (best.wouldKeep(score)) {
            best.offer(score, new RowRef(ids.get(i), offset, vectorAt(vectors, i, dimension)));
          }
        }
      }
      return Optional.of(new Candidates(best.best(), batchRows));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static float[] vectorAt(FixedSizeListVector vectors, int row, int dimension) {
    if (vectors.isNull(row)) {
      return null;
    }
    Float4Vector elements = (Float4Vector) vectors.getDataVector();
    float[] out = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      int e = row * dimension + d;
      if (elements.isNull(e)) {
        return null;
      }
      out[d] = elements.get(e);
    }
    return out;
  }

  private static Map<Long, int[]> batchRows(Map<String, String> metadata) {
    String json = metadata == null ? null : metadata.get(IvfSegmentWriter.BATCH_ROWS);
    if (json == null) {
      return null;
    }
    try {
      Map<?, ?> raw = Json.read(json, Map.class);
      Map<Long, int[]> out = new HashMap<>();
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        List<?> counts = (List<?>) e.getValue();
        out.put(
            Long.parseLong(e.getKey().toString()),
            counts.stream().mapToInt(c -> ((Number) c).intValue()).toArray());
      }
      return out;
    } catch (JsonProcessingException | RuntimeException e) {
      return null;
    }
  }
}
