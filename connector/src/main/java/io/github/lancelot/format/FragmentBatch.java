package io.github.lancelot.format;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows of one fragment, as Arrow vectors named and typed as the scan's columns, with deleted rows already left
 * out. {@link #rowOffset(int)} gives each row's offset within the fragment, which with the fragment id
 * identifies the row in this version. The caller closes the batch.
 */
public final class FragmentBatch implements AutoCloseable {
  private final long fragmentId;
  private final VectorSchemaRoot root;
  private final long firstOffset;
  private final int[] offsets;

  FragmentBatch(long fragmentId, VectorSchemaRoot root, long firstOffset, int[] offsets) {
    this.fragmentId = fragmentId;
    this.root = root;
    this.firstOffset = firstOffset;
    this.offsets = offsets;
  }

  public long fragmentId() {
    return fragmentId;
  }

  public VectorSchemaRoot root() {
    return root;
  }

  public int rowCount() {
    return root.getRowCount();
  }

  /** The offset within the fragment of the batch's row {@code i}. */
  public long rowOffset(int i) {
    return offsets == null ? firstOffset + i : offsets[i];
  }

  @Override
  public void close() {
    root.close();
  }
}
