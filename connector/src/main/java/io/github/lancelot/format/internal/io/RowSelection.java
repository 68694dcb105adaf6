package io.github.lancelot.format.internal.io;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorBatchAppender;

/**
 * Copies the selected rows of a vector into a new vector; used to drop deleted rows from a batch.
 * Runs of consecutive selected rows are sliced out and appended buffer by buffer ({@link
 * VectorBatchAppender}), so a batch with a few deleted rows costs a few memory copies per column,
 * whatever the column's type; where the selected rows are scattered (short runs), they are copied
 * one by one.
 */
public final class RowSelection {
  private RowSelection() {}

  /**
   * Below this many rows per run on average, rows are copied one by one: slicing a run has a fixed
   * cost.
   */
  static final int MIN_AVERAGE_RUN = 16;

  private static int runs(int[] rows) {
    int runs = rows.length == 0 ? 0 : 1;
    for (int i = 1; i < rows.length; i++) {
      if (rows[i] != rows[i - 1] + 1) {
        runs++;
      }
    }
    return runs;
  }

  /** The rows at {@code rows} (ascending positions in {@code source}) as a new vector. */
  public static FieldVector select(FieldVector source, int[] rows, BufferAllocator allocator) {
    FieldVector target = source.getField().createVector(allocator);
    if (target instanceof NullVector) {
      target.setValueCount(rows.length);
      return target;
    }
    try {
      target.setInitialCapacity(rows.length);
      target.allocateNew();
      if (runs(rows) * MIN_AVERAGE_RUN > rows.length) {
        for (int i = 0; i < rows.length; i++) {
          target.copyFromSafe(rows[i], i, source);
        }
        target.setValueCount(rows.length);
        return target;
      }
      int i = 0;
      while (i < rows.length) {
        int end = i + 1;
        while (end < rows.length && rows[end] == rows[end - 1] + 1) {
          end++;
        }
        TransferPair slice = source.getTransferPair(allocator);
        slice.splitAndTransfer(rows[i], end - i);
        try (FieldVector run = (FieldVector) slice.getTo()) {
          VectorBatchAppender.batchAppend(target, run);
        }
        i = end;
      }
      target.setValueCount(rows.length);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }
}
