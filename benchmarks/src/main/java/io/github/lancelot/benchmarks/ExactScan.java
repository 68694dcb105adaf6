package io.github.lancelot.benchmarks;

import io.github.lancelot.format.vectors.BestScores;
import io.github.lancelot.format.vectors.VectorMeasure;
import java.util.List;

/**
 * No index: every vector scored with the measure of Lancelot's exact search, the best kept. The
 * baseline and the ground truth of recall.
 */
final class ExactScan implements IndexKind {
  private float[][] vectors;

  @Override
  public String name() {
    return "exact scan (no index)";
  }

  @Override
  public void build(VectorDataSet data) {
    vectors = data.vectors();
  }

  @Override
  public long sizeInBytes() {
    return 0;
  }

  @Override
  public String sizeNote() {
    return "no index";
  }

  @Override
  public List<String> settings() {
    return List.of("all rows");
  }

  @Override
  public long[] search(float[] query, int k, String setting) {
    BestScores<Long> best = new BestScores<>(k, true, false);
    int dimension = query.length;
    for (int i = 0; i < vectors.length; i++) {
      Float score = VectorMeasure.L2_DISTANCE.between(query, 0, vectors[i], 0, dimension);
      if (best.wouldKeep(score)) {
        best.offer(score, (long) i);
      }
    }
    return best.best().stream().mapToLong(Long::longValue).toArray();
  }
}
