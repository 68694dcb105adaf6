package io.github.lancelot.format.internal.io;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/** Copies the selected rows of a vector into a new vector; used to drop deleted rows from a batch. */
public final class RowSelection {
  private RowSelection() {}

  public static FieldVector select(FieldVector source, int[] rows, BufferAllocator allocator) {
    FieldVector target = source.getField().createVector(allocator);
    if (target instanceof NullVector) {
      target.setValueCount(rows.length);
      return target;
    }
    target.setInitialCapacity(rows.length);
    target.allocateNew();
    for (int i = 0; i < rows.length; i++) {
      target.copyFromSafe(rows[i], i, source);
    }
    target.setValueCount(rows.length);
    return target;
  }
}
