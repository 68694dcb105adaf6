package io.github.lancelot.format;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows of one fragment, as Arrow vectors named and typed as the scan's columns. The batch's rows
 * are its live rows, or for a reader with a condition its live rows where the condition is TRUE;
 * "live" below means both. By default the other rows are already left out of {@link #root()}; a
 * reader opened with {@link FragmentReader.DeletedRows#SKIPPED_BY_POSITION} instead keeps every row
 * of the batch in the root and lists the live ones in {@link #livePositions()}, which spares
 * copying the live rows when an engine can skip rows by position. {@link #rowOffset(int)} gives
 * each live row's offset within the fragment, which with the fragment id identifies the row in this
 * version; {@link #rowId(int)} and {@link #rowLastUpdatedVersion(int)} give its lineage, which
 * identifies it across versions. The caller closes the batch.
 */
public final class FragmentBatch implements AutoCloseable {
  private final long fragmentId;
  private final VectorSchemaRoot root;
  private final long firstOffset;
  private final int[] live;
  private final boolean deletedRowsInRoot;
  private final Lineage lineage;

  /**
   * The row lineage of a batch: the fragment's, and the values its rows store (null where a row
   * stores none, or when the fragment stores none), indexed by position among the rows read.
   */
  record Lineage(Fragment fragment, BigIntVector rowIds, BigIntVector versions) {
    void close() {
      if (rowIds != null) {
        rowIds.close();
      }
      if (versions != null) {
        versions.close();
      }
    }
  }

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
      boolean deletedRowsInRoot,
      Lineage lineage) {
    this.fragmentId = fragmentId;
    this.lineage = lineage;
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

  /**
   * The row id of the batch's live row {@code i} (format.md section 22). Only for a batch of a
   * reader asked for row lineage.
   */
  public long rowId(int i) {
    long offset = rowOffset(i);
    BigIntVector stored = lineage().rowIds();
    int position = (int) (offset - firstOffset);
    return stored != null && !stored.isNull(position)
        ? stored.get(position)
        : lineage.fragment().defaultRowId(offset);
  }

  /**
   * The version that last changed the batch's live row {@code i} ({@link
   * RowLineage#UNKNOWN_VERSION} for a row of a fragment without lineage). Only for a batch of a
   * reader asked for row lineage.
   */
  public long rowLastUpdatedVersion(int i) {
    BigIntVector stored = lineage().versions();
    int position = (int) (rowOffset(i) - firstOffset);
    return stored != null && !stored.isNull(position)
        ? stored.get(position)
        : lineage.fragment().defaultRowCommitVersion();
  }

  private Lineage lineage() {
    if (lineage == null) {
      throw new IllegalStateException("the fragment reader was not asked for row lineage");
    }
    return lineage;
  }

  @Override
  public void close() {
    root.close();
    if (lineage != null) {
      lineage.close();
    }
  }
}
