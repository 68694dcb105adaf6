package io.github.lancelot.format.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vector measures against references computed here in double precision, Spark 4.2's documented
 * results, and the NULLs Spark defines.
 */
class TestVectorMeasure {
  static final float[] A = {1.0f, 2.0f, 3.0f};
  static final float[] B = {4.0f, 5.0f, 6.0f};

  static Float measure(VectorMeasure m, float[] a, float[] b) {
    return m.between(a, 0, b, 0, a.length);
  }

  @Test
  void theResultsSparkDocumentsForItsBuiltIns() {
    assertThat(measure(VectorMeasure.L2_DISTANCE, A, B)).isEqualTo(5.196152f);
    assertThat(measure(VectorMeasure.INNER_PRODUCT, A, B)).isEqualTo(32.0f);
    assertThat(measure(VectorMeasure.COSINE_SIMILARITY, A, B)).isEqualTo(0.9746319f);
    assertThat(measure(VectorMeasure.COSINE_DISTANCE, A, B)).isEqualTo(1.0f - 0.9746319f);
  }

  @Test
  void everyMeasureAgreesWithADoublePrecisionReferenceForAnyDimension() {
    Random random = new Random(42);
    for (int dimension = 1; dimension <= 40; dimension++) {
      for (int trial = 0; trial < 20; trial++) {
        float[] a = new float[dimension];
        float[] b = new float[dimension];
        for (int i = 0; i < dimension; i++) {
          a[i] = (float) random.nextGaussian();
          b[i] = (float) random.nextGaussian();
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        double squares = 0;
        for (int i = 0; i < dimension; i++) {
          dot += (double) a[i] * b[i];
          aa += (double) a[i] * a[i];
          bb += (double) b[i] * b[i];
          squares += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
        }
        double cosine = dot / Math.sqrt(aa * bb);
        String at = "dimension " + dimension;
        assertThat(measure(VectorMeasure.L2_DISTANCE, a, b))
            .as(at)
            .isCloseTo((float) Math.sqrt(squares), within(1e-5f * dimension));
        assertThat(measure(VectorMeasure.INNER_PRODUCT, a, b))
            .as(at)
            .isCloseTo((float) dot, within(1e-5f * dimension));
        assertThat(measure(VectorMeasure.COSINE_SIMILARITY, a, b))
            .as(at)
            .isCloseTo((float) cosine, within(1e-5f));
        assertThat(measure(VectorMeasure.COSINE_DISTANCE, a, b))
            .as(at)
            .isCloseTo((float) (1 - cosine), within(1e-5f));
      }
    }
  }

  @Test
  void everyMeasureIsSymmetricBitForBitAndReadsAtTheOffsetsGiven() {
    Random random = new Random(7);
    float[] a = new float[37];
    float[] b = new float[37];
    for (int i = 0; i < 37; i++) {
      a[i] = random.nextFloat() * 10 - 5;
      b[i] = random.nextFloat() * 10 - 5;
    }
    float[] window = new float[50];
    System.arraycopy(a, 0, window, 9, 37);
    for (VectorMeasure m : VectorMeasure.values()) {
      assertThat(measure(m, a, b)).as(m.name()).isEqualTo(measure(m, b, a));
      assertThat(m.between(window, 9, b, 0, 37)).as(m.name()).isEqualTo(measure(m, a, b));
    }
  }

  @Test
  void theCosineOfAZeroOrEmptyVectorIsNullAndTheOtherMeasuresOfEmptyVectorsAreZero() {
    float[] zero = {0f, 0f, 0f};
    assertThat(measure(VectorMeasure.COSINE_SIMILARITY, zero, A)).isNull();
    assertThat(measure(VectorMeasure.COSINE_DISTANCE, A, zero)).isNull();
    assertThat(measure(VectorMeasure.L2_DISTANCE, zero, A))
        .isCloseTo((float) Math.sqrt(14), within(1e-6f));
    float[] empty = {};
    assertThat(measure(VectorMeasure.COSINE_SIMILARITY, empty, empty)).isNull();
    assertThat(measure(VectorMeasure.COSINE_DISTANCE, empty, empty)).isNull();
    assertThat(measure(VectorMeasure.L2_DISTANCE, empty, empty)).isZero();
    assertThat(measure(VectorMeasure.INNER_PRODUCT, empty, empty)).isZero();
  }

  @Test
  void aNaNElementMakesEveryMeasureNaN() {
    float[] withNaN = {1.0f, Float.NaN, 3.0f};
    for (VectorMeasure m : VectorMeasure.values()) {
      assertThat(measure(m, withNaN, B)).as(m.name()).isNaN();
    }
  }

  @Test
  void measuresAreFoundByTheirFunctionNamesInAnyCase() {
    assertThat(VectorMeasure.ofFunction("VECTOR_L2_DISTANCE")).contains(VectorMeasure.L2_DISTANCE);
    assertThat(VectorMeasure.ofFunction("vector_cosine_distance"))
        .contains(VectorMeasure.COSINE_DISTANCE);
    assertThat(VectorMeasure.ofFunction("vector_norm")).isEmpty();
  }
}
