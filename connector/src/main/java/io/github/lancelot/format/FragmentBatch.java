package io.github.lancelot.format;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows of one fragment, as Arrow vectors named and typed as the scan's columns. The batch's rows
 * are its live rows, or for a reader with a condition its live rows where the condition is TRUE;
 * "live" below means both. By default the other rows are already left out of {@link #root()}; a
 * reader opened with {@link FragmentReader.DeletedRows#SKIPPED_BY_POSITION} instead keeps every row
 * of the batch in the root and lists the live ones in {@link #livePositions()}, which spares
 * copying the live rows when an engine can skip rows by position. {@link #rowOffset(int)} gives
 * each live row's offset within the fragment, which with the fragment id identifies the row in this
 * version. The caller closes the batch.
 */
public final class FragmentBatch implements AutoCloseable {
  private final long fragmentId;
  private final VectorSchemaRoot root;
  private final long firstOffset;
  private final int[] live;
  private final boolean deletedRowsInRoot;

  /**
   * {@code live}: the positions of the live rows among the rows read for this batch (starting at
   * fragment offset {@code firstOffset}), or null when all are live; {@code deletedRowsInRoot}:
   * whether {@code root} still holds the deleted rows, or only the live ones.
   */
  FragmentBatch(
      long fragmentId,
      VectorSchemaRoot root,
      long firstOffset,
      int[] live,
      boolean deletedRowsInRoot) {
    this.fragmentId = fragmentId;
    this.root = root;
    this.firstOffset = firstOffset;
    this.live = live;
    this.deletedRowsInRoot = deletedRowsInRoot;
  }

  public long fragmentId() {
    return fragmentId;
  }

  public VectorSchemaRoot root() {
    return root;
  }

  /** The number of live rows. */
  public int rowCount() {
    return live == null ? root.getRowCount() : live.length;
  }

  /**
   * The positions in {@link #root()} of the live rows, in order, or null when every row of the root
   * is live. The caller must not change the array.
   */
  public int[] livePositions() {
    return deletedRowsInRoot ? live : null;
  }

  /** The offset within the fragment of the batch's live row {@code i}. */
  public long rowOffset(int i) {
    return firstOffset + (live == null ? i : live[i]);
  }

  @Override
  public void close() {
    root.close();
  }
}
