package io.github.lancelot.benchmarks;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * jvector's graph (a hierarchical Vamana/DiskANN-style graph; maximum degree 32, the degree of
 * Lucene's bottom layer at M = 16, beam width 100, neighbour overflow 1.2, alpha 1.2) of all rows,
 * built in memory on two threads and searched in memory with exact scores.
 */
final class JVectorGraph implements IndexKind {
  static final int MAX_DEGREE = 32;
  static final int BEAM_WIDTH = 100;
  private static final int[] BEAMS = {10, 50, 100};
  private static final VectorTypeSupport VECTORS =
      VectorizationProvider.getInstance().getVectorTypeSupport();

  private RandomAccessVectorValues values;
  private ImmutableGraphIndex graph;
  private GraphSearcher searcher;

  @Override
  public String name() {
    return "jvector 4.0.2 graph (degree "
        + MAX_DEGREE
        + ", beam width "
        + BEAM_WIDTH
        + "), one graph of all rows, in memory";
  }

  @Override
  public void build(VectorDataSet data) throws Exception {
    List<VectorFloat<?>> list = new ArrayList<>(data.vectors().length);
    for (float[] v : data.vectors()) {
      list.add(VECTORS.createFloatVector(v));
    }
    values = new ListRandomAccessVectorValues(list, data.dimension());
    BuildScoreProvider scores =
        BuildScoreProvider.randomAccessScoreProvider(values, VectorSimilarityFunction.EUCLIDEAN);
    ForkJoinPool threads = new ForkJoinPool(2);
    try (GraphIndexBuilder builder =
        GraphIndexBuilder.builder(scores, data.dimension(), MAX_DEGREE)
            .withBeamWidth(BEAM_WIDTH)
            .withNeighborOverflow(1.2f)
            .withAlpha(1.2f)
            .withSimdExecutor(threads)
            .withParallelExecutor(threads)
            .build()) {
      graph = builder.build(values);
    } finally {
      threads.shutdown();
    }
    searcher = new GraphSearcher(graph);
  }

  @Override
  public long sizeInBytes() {
    return graph.ramBytesUsed() + (long) values.size() * values.dimension() * Float.BYTES;
  }

  @Override
  public String sizeNote() {
    return "in memory: the graph as jvector accounts it plus the vectors";
  }

  @Override
  public List<String> settings() {
    List<String> out = new ArrayList<>();
    for (int b : BEAMS) {
      out.add("beam " + b + (b == 10 ? " (k)" : ""));
    }
    return out;
  }

  @Override
  public long[] search(float[] query, int k, String setting) {
    int beam = Math.max(k, Integer.parseInt(setting.split(" ")[1]));
    SearchResult result =
        searcher.search(
            DefaultSearchScoreProvider.exact(
                VECTORS.createFloatVector(query), VectorSimilarityFunction.EUCLIDEAN, values),
            k,
            beam,
            0f,
            0f,
            Bits.ALL);
    SearchResult.NodeScore[] nodes = result.getNodes();
    long[] out = new long[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].node;
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (searcher != null) {
      searcher.close();
    }
    if (graph != null) {
      graph.close();
    }
  }
}
