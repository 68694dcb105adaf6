package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentReader;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * A uniform sample of one fragment's vectors (reservoir sampling over its live rows), the input of
 * an index's training. Vectors with a NULL, or of magnitude zero, are left out: they belong to no
 * partition.
 */
final class VectorSample {
  private VectorSample() {}

  static List<float[]> of(TableScanContext table, Fragment fragment, TableSchema column, int size) {
    List<float[]> kept = new ArrayList<>();
    Random random = new Random(fragment.id());
    long seen = 0;
    try (BufferAllocator allocator = ArrowMemory.newChild("vector-sample " + fragment.id());
        FragmentReader reader =
            new FragmentReader(
                table.tableUri(),
                table.conf(),
                fragment,
                column,
                allocator,
                FragmentReader.DeletedRows.COPIED_OUT)) {
      while (reader.hasNext()) {
        try (FragmentBatch batch = reader.next()) {
          FixedSizeListVector list = (FixedSizeListVector) batch.root().getVector(0);
          Float4Vector elements = (Float4Vector) list.getDataVector();
          int dimension = list.getListSize();
          for (int i = 0; i < batch.rowCount(); i++) {
            float[] v = vector(list, elements, i, dimension);
            if (v == null) {
              continue;
            }
            seen++;
            if (kept.size() < size) {
              kept.add(v);
            } else {
              long slot = (long) (random.nextDouble() * seen);
              if (slot < size) {
                kept.set((int) slot, v);
              }
            }
          }
        }
      }
    }
    return kept;
  }

  private static float[] vector(
      FixedSizeListVector list, Float4Vector elements, int row, int dimension) {
    if (list.isNull(row)) {
      return null;
    }
    float[] v = new float[dimension];
    boolean nonZero = false;
    for (int d = 0; d < dimension; d++) {
      int e = row * dimension + d;
      if (elements.isNull(e)) {
        return null;
      }
      v[d] = elements.get(e);
      nonZero |= v[d] != 0;
    }
    return nonZero ? v : null;
  }
}
