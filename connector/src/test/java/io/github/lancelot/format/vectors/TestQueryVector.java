package io.github.lancelot.format.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A query vector scores the rows of an Arrow vector column from its float buffer as the measure
 * scores plain arrays, with NULL for NULL vectors and vectors with a NULL element.
 */
class TestQueryVector {
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  /** A column of 3-float vectors: row i is {i, i / 2, -i}; row 1 is NULL, row 2 has a NULL. */
  FixedSizeListVector column(int rows) {
    FixedSizeListVector column = FixedSizeListVector.empty("vec", 3, allocator);
    column.addOrGetVector(
        FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    column.allocateNew();
    Float4Vector elements = (Float4Vector) column.getDataVector();
    for (int r = 0; r < rows; r++) {
      if (r == 1) {
        column.setNull(r);
        continue;
      }
      column.setNotNull(r);
      elements.setSafe(3 * r, r);
      if (r == 2) {
        elements.setNull(3 * r + 1);
      } else {
        elements.setSafe(3 * r + 1, r / 2.0f);
      }
      elements.setSafe(3 * r + 2, -r);
    }
    elements.setValueCount(3 * rows);
    column.setValueCount(rows);
    return column;
  }

  @Test
  void rowsAreScoredAsTheMeasureScoresTheirValues() {
    float[] query = {0.5f, -1.0f, 2.0f};
    try (FixedSizeListVector column = column(20)) {
      for (VectorMeasure m : VectorMeasure.values()) {
        QueryVector q = new QueryVector(m, query);
        q.load(column);
        assertThat(q.score(1)).as("a NULL vector").isNull();
        assertThat(q.score(2)).as("a NULL element").isNull();
        for (int r : new int[] {0, 3, 4, 11, 19}) {
          float[] row = {r, r / 2.0f, -r};
          assertThat(q.score(r)).as("%s of row %d", m, r).isEqualTo(m.between(row, 0, query, 0, 3));
        }
      }
    }
  }

  @Test
  void aLaterBatchReplacesTheEarlierOnesValues() {
    QueryVector q = new QueryVector(VectorMeasure.INNER_PRODUCT, new float[] {1f, 1f, 1f});
    try (FixedSizeListVector big = column(30);
        FixedSizeListVector small = column(5)) {
      q.load(big);
      assertThat(q.score(29)).isEqualTo(29 + 14.5f - 29);
      q.load(small);
      assertThat(q.score(4)).isEqualTo(4 + 2f - 4);
    }
  }

  @Test
  void onlyFloatVectorsOfTheQuerysDimensionFit() {
    QueryVector q = new QueryVector(VectorMeasure.L2_DISTANCE, new float[] {1f, 2f, 3f});
    Field floats = Field.nullable("e", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
    Field doubles = Field.nullable("e", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
    assertThat(q.fits(vectorField(3, floats))).isTrue();
    assertThat(q.fits(vectorField(4, floats))).isFalse();
    assertThat(q.fits(vectorField(3, doubles))).isFalse();
    assertThat(q.fits(floats)).isFalse();
    try (FixedSizeListVector other = FixedSizeListVector.empty("other", 2, allocator)) {
      other.addOrGetVector(FieldType.nullable(floats.getType()));
      assertThatThrownBy(() -> q.load(other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other")
          .hasMessageContaining("3 floats");
    }
  }

  static Field vectorField(int dimension, Field element) {
    return new Field(
        "vec",
        FieldType.nullable(new ArrowType.FixedSizeList(dimension)),
        java.util.List.of(element));
  }
}
