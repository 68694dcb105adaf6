package io.github.lancelot.format.vectors;

import java.util.Locale;
import java.util.Optional;

/**
 * The distances and similarities between float vectors that rows are ranked by in a
 * nearest-neighbour search, each named as the SQL function that computes it. Three are computed
 * exactly as Spark 4.2's built-in functions of the same names compute them, so that a result is bit
 * for bit Spark's; {@link #COSINE_DISTANCE}, which Spark lacks, is one minus {@link
 * #COSINE_SIMILARITY}. Every measure is symmetric in its two vectors. NULL elements and differing
 * dimensions are the caller's to handle: the arrays hold only values.
 */
public enum VectorMeasure {
  /** The Euclidean distance: the square root of the sum of squared differences. */
  L2_DISTANCE("vector_l2_distance") {
    @Override
    public Float between(float[] a, int aOffset, float[] b, int bOffset, int dimension) {
      return l2Distance(a, aOffset, b, bOffset, dimension);
    }
  },
  /** One minus the cosine similarity; NULL where the similarity is. */
  COSINE_DISTANCE("vector_cosine_distance") {
    @Override
    public Float between(float[] a, int aOffset, float[] b, int bOffset, int dimension) {
      Float similarity = cosineSimilarity(a, aOffset, b, bOffset, dimension);
      return similarity == null ? null : 1.0f - similarity;
    }
  },
  /** The sum of the products of the elements (the dot product). */
  INNER_PRODUCT("vector_inner_product") {
    @Override
    public Float between(float[] a, int aOffset, float[] b, int bOffset, int dimension) {
      return innerProduct(a, aOffset, b, bOffset, dimension);
    }
  },
  /**
   * The inner product divided by the product of the magnitudes; NULL for an empty vector or one of
   * (nearly) zero magnitude.
   */
  COSINE_SIMILARITY("vector_cosine_similarity") {
    @Override
    public Float between(float[] a, int aOffset, float[] b, int bOffset, int dimension) {
      return cosineSimilarity(a, aOffset, b, bOffset, dimension);
    }
  };

  private final String functionName;

  VectorMeasure(String functionName) {
    this.functionName = functionName;
  }

  /** The SQL function computing this measure, such as {@code vector_l2_distance}. */
  public String functionName() {
    return functionName;
  }

  /** The measure a SQL function computes, by its name in any case. */
  public static Optional<VectorMeasure> ofFunction(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (VectorMeasure m : values()) {
      if (m.functionName.equals(lower)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /**
   * The measure between the {@code dimension} values of {@code a} from {@code aOffset} and those of
   * {@code b} from {@code bOffset}, or null where it is NULL.
   */
  public abstract Float between(float[] a, int aOffset, float[] b, int bOffset, int dimension);

  // The kernels add up eight products at a time, each group left to right, in single precision:
  // that is how Spark 4.2.0's VectorFunctionImplUtils adds them, and float addition is not
  // associative, so only the same order gives the same bits.

  private static float l2Distance(float[] a, int ao, float[] b, int bo, int n) {
    float sumSq = 0.0f;
    int i = 0;
    int unrolled = (n / 8) * 8;
    while (i < unrolled) {
      int p = ao + i;
      int q = bo + i;
      float d0 = a[p] - b[q];
      float d1 = a[p + 1] - b[q + 1];
      float d2 = a[p + 2] - b[q + 2];
      float d3 = a[p + 3] - b[q + 3];
      float d4 = a[p + 4] - b[q + 4];
      float d5 = a[p + 5] - b[q + 5];
      float d6 = a[p + 6] - b[q + 6];
      float d7 = a[p + 7] - b[q + 7];
      sumSq += d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3 + d4 * d4 + d5 * d5 + d6 * d6 + d7 * d7;
      i += 8;
    }
    for (; i < n; i++) {
      float d = a[ao + i] - b[bo + i];
      sumSq += d * d;
    }
    return (float) Math.sqrt(sumSq);
  }

  private static float innerProduct(float[] a, int ao, float[] b, int bo, int n) {
    float dot = 0.0f;
    int i = 0;
    int unrolled = (n / 8) * 8;
    while (i < unrolled) {
      int p = ao + i;
      int q = bo + i;
      dot +=
          a[p] * b[q]
              + a[p + 1] * b[q + 1]
              + a[p + 2] * b[q + 2]
              + a[p + 3] * b[q + 3]
              + a[p + 4] * b[q + 4]
              + a[p + 5] * b[q + 5]
              + a[p + 6] * b[q + 6]
              + a[p + 7] * b[q + 7];
      i += 8;
    }
    for (; i < n; i++) {
      dot += a[ao + i] * b[bo + i];
    }
    return dot;
  }

  private static Float cosineSimilarity(float[] a, int ao, float[] b, int bo, int n) {
    if (n == 0) {
      return null;
    }
    float dot = 0.0f;
    float aSq = 0.0f;
    float bSq = 0.0f;
    int i = 0;
    int unrolled = (n / 8) * 8;
    while (i < unrolled) {
      int p = ao + i;
      int q = bo + i;
      float a0 = a[p];
      float a1 = a[p + 1];
      float a2 = a[p + 2];
      float a3 = a[p + 3];
      float a4 = a[p + 4];
      float a5 = a[p + 5];
      float a6 = a[p + 6];
      float a7 = a[p + 7];
      float b0 = b[q];
      float b1 = b[q + 1];
      float b2 = b[q + 2];
      float b3 = b[q + 3];
      float b4 = b[q + 4];
      float b5 = b[q + 5];
      float b6 = b[q + 6];
      float b7 = b[q + 7];
      dot += a0 * b0 + a1 * b1 + a2 * b2 + a3 * b3 + a4 * b4 + a5 * b5 + a6 * b6 + a7 * b7;
      aSq += a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3 + a4 * a4 + a5 * a5 + a6 * a6 + a7 * a7;
      bSq += b0 * b0 + b1 * b1 + b2 * b2 + b3 * b3 + b4 * b4 + b5 * b5 + b6 * b6 + b7 * b7;
      i += 8;
    }
    for (; i < n; i++) {
      float x = a[ao + i];
      float y = b[bo + i];
      dot += x * y;
      aSq += x * x;
      bSq += y * y;
    }
    float magnitudes = (float) Math.sqrt(aSq * bSq);
    if (magnitudes < Float.MIN_NORMAL) {
      return null;
    }
    return dot / magnitudes;
  }
}
