package io.github.lancelot.format.index;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains the centroids of an IVF index on a sample of vectors with Lloyd's k-means: seeded with
 * distinct sampled vectors, each round assigns every vector to its partition ({@link
 * IndexMetric#assign}) and moves each centroid to the mean of its vectors; a partition left empty
 * is given a random sampled vector. For {@link IndexMetric#COSINE} the vectors and centroids are
 * normalised, so partitions group vectors by angle.
 */
public final class KMeans {
  /** Rounds of assignment and update. */
  public static final int ROUNDS = 10;

  private KMeans() {}

  /**
   * The centroids, {@code partitions × dimension} floats, partition after partition; fewer
   * partitions when the sample has fewer vectors.
   *
   * @param sample the sampled vectors, each of {@code dimension} floats, none NULL or of magnitude
   *     zero
   */
  public static float[] train(
      float[][] sample, int dimension, int partitions, IndexMetric metric, long seed) {
    int n = sample.length;
    int k = Math.min(partitions, n);
    if (k == 0) {
      return new float[0];
    }
    float[] points = new float[n * dimension];
    for (int i = 0; i < n; i++) {
      System.arraycopy(sample[i], 0, points, i * dimension, dimension);
      if (metric == IndexMetric.COSINE) {
        normalise(points, i * dimension, dimension);
      }
    }
    Random random = new Random(seed);
    int[] seeds = random.ints(0, n).distinct().limit(k).toArray();
    float[] centroids = new float[k * dimension];
    for (int c = 0; c < k; c++) {
      System.arraycopy(points, seeds[c] * dimension, centroids, c * dimension, dimension);
    }
    int[] assigned = new int[n];
    for (int round = 0; round < ROUNDS; round++) {
      float[] current = centroids;
      IntStream.range(0, n)
          .parallel()
          .forEach(i -> assigned[i] = metric.assign(current, dimension, points, i * dimension));
      double[] sums = new double[k * dimension];
      int[] counts = new int[k];
      for (int i = 0; i < n; i++) {
        int c = assigned[i];
        counts[c]++;
        for (int d = 0; d < dimension; d++) {
          sums[c * dimension + d] += points[i * dimension + d];
        }
      }
      float[] next = new float[k * dimension];
      for (int c = 0; c < k; c++) {
        if (counts[c] == 0) {
          System.arraycopy(points, random.nextInt(n) * dimension, next, c * dimension, dimension);
          continue;
        }
        for (int d = 0; d < dimension; d++) {
          next[c * dimension + d] = (float) (sums[c * dimension + d] / counts[c]);
        }
        if (metric == IndexMetric.COSINE) {
          normalise(next, c * dimension, dimension);
        }
      }
      centroids = next;
    }
    return centroids;
  }

  private static void normalise(float[] v, int offset, int dimension) {
    double sq = 0;
    for (int d = 0; d < dimension; d++) {
      sq += (double) v[offset + d] * v[offset + d];
    }
    if (sq == 0) {
      return;
    }
    float norm = (float) Math.sqrt(sq);
    for (int d = 0; d < dimension; d++) {
      v[offset + d] /= norm;
    }
  }
}
