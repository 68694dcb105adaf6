package io.github.lancelot.benchmarks;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Normalised vectors and queries for comparing index kinds, generated in memory.
 *
 * <ul>
 *   <li>{@code clustered}: the rows of {@link VectorSearchBenchmark}, and queries near rows. Every
 *       vector is a sum of two sinusoids over the dimensions, so the data spans only four
 *       dimensions and any index finds the neighbours easily.
 *   <li>{@code noisy}: the same cluster centres plus Gaussian noise in every dimension (standard
 *       deviation {@value #NOISE} per element, about 70% of a centre's length), queries drawn from
 *       the same distribution: neighbours are close only by a little, as in real embeddings but
 *       harder.
 * </ul>
 *
 * @param vectors the rows, row id = position
 */
record VectorDataSet(String name, float[][] vectors, float[][] queries) {
  static final double NOISE = 0.5;

  int dimension() {
    return vectors[0].length;
  }

  static VectorDataSet generate(String name, int rows, int dimension, int queries) {
    int clusters = (int) Math.max(1, Math.sqrt(rows));
    float[][] vectors = new float[rows][];
    float[][] qs = new float[queries][];
    switch (name) {
      case "clustered" -> {
        IntStream.range(0, rows)
            .parallel()
            .forEach(
                i ->
                    vectors[i] =
                        VectorSearchBenchmark.normalised(
                            VectorSearchBenchmark.raw(i, dimension, clusters)));
        for (int q = 0; q < queries; q++) {
          qs[q] = VectorSearchBenchmark.queryNear(q * 7919L % rows, dimension, clusters);
        }
      }
      case "noisy" -> {
        IntStream.range(0, rows)
            .parallel()
            .forEach(i -> vectors[i] = noisy(i, dimension, clusters));
        for (int q = 0; q < queries; q++) {
          qs[q] = noisy(rows + 1_000_003L * (q + 1), dimension, clusters);
        }
      }
      default -> throw new IllegalArgumentException("unknown data set " + name);
    }
    return new VectorDataSet(name, vectors, qs);
  }

  /** Row {@code id}'s cluster centre, from the clustered data, plus noise in every dimension. */
  private static float[] noisy(long id, int dimension, int clusters) {
    SplittableRandom random = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
    double[] v = new double[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] = Math.sin((id % clusters) * 7.13 + d * 1.31) + NOISE * random.nextGaussian();
    }
    return VectorSearchBenchmark.normalised(v);
  }
}
