package io.github.lancelot.format.index;

import io.github.lancelot.format.vectors.VectorMeasure;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an IVF index assigns vectors to partitions and which partitions a query probes, and the
 * searches it serves: those that rank by a matching measure, nearest first.
 */
public enum IndexMetric {
  /** Euclidean distance; serves {@code vector_l2_distance} ascending. */
  L2("l2"),
  /**
   * The angle: vectors and centroids compared by cosine, centroids normalised; serves the cosine
   * distance ascending and the cosine similarity descending.
   */
  COSINE("cosine"),
  /**
   * The inner product: vectors join their nearest centroid by Euclidean distance, queries probe the
   * centroids of largest inner product; serves {@code vector_inner_product} descending.
   */
  DOT("dot");

  private final String key;

  IndexMetric(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  public static Optional<IndexMetric> of(String key) {
    return Arrays.stream(values())
        .filter(m -> m.key.equals(key.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /** Whether a search ranking by {@code measure} in this direction can use the index. */
  public boolean serves(VectorMeasure measure, boolean ascending) {
    return switch (this) {
      case L2 -> measure == VectorMeasure.L2_DISTANCE && ascending;
      case COSINE ->
          (measure == VectorMeasure.COSINE_DISTANCE && ascending)
              || (measure == VectorMeasure.COSINE_SIMILARITY && !ascending);
      case DOT -> measure == VectorMeasure.INNER_PRODUCT && !ascending;
    };
  }

  /** The partition a vector joins: the nearest centroid by this metric's assignment. */
  int assign(float[] centroids, int dimension, float[] v, int offset) {
    int count = centroids.length / dimension;
    int best = 0;
    float bestScore = Float.NaN;
    for (int c = 0; c < count; c++) {
      float score =
          this == COSINE
              ? -dot(centroids, c * dimension, v, offset, dimension)
              : squaredDistance(centroids, c * dimension, v, offset, dimension);
      if (c == 0 || score < bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best;
  }

  /** The {@code n} partitions a query searches, nearest first. */
  int[] probe(float[] centroids, int dimension, float[] query, int n) {
    int count = centroids.length / dimension;
    Integer[] order = new Integer[count];
    float[] scores = new float[count];
    for (int c = 0; c < count; c++) {
      order[c] = c;
      scores[c] =
          this == L2
              ? squaredDistance(centroids, c * dimension, query, 0, dimension)
              : -dot(centroids, c * dimension, query, 0, dimension);
    }
    Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
    return Arrays.stream(order).limit(Math.min(n, count)).mapToInt(Integer::intValue).toArray();
  }

  // Four running sums, so the loop's additions do not wait on each other.

  static float squaredDistance(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      float d0 = a[ao + i] - b[bo + i];
      float d1 = a[ao + i + 1] - b[bo + i + 1];
      float d2 = a[ao + i + 2] - b[bo + i + 2];
      float d3 = a[ao + i + 3] - b[bo + i + 3];
      s0 += d0 * d0;
      s1 += d1 * d1;
      s2 += d2 * d2;
      s3 += d3 * d3;
    }
    for (; i < n; i++) {
      float d = a[ao + i] - b[bo + i];
      s0 += d * d;
    }
    return (s0 + s1) + (s2 + s3);
  }

  static float dot(float[] a, int ao, float[] b, int bo, int n) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[ao + i] * b[bo + i];
      s1 += a[ao + i + 1] * b[bo + i + 1];
      s2 += a[ao + i + 2] * b[bo + i + 2];
      s3 += a[ao + i + 3] * b[bo + i + 3];
    }
    for (; i < n; i++) {
      s0 += a[ao + i] * b[bo + i];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
