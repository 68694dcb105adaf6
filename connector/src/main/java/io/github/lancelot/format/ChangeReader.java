package io.github.lancelot.format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads the changed rows of one version ({@link VersionChanges}) with their {@link ChangeType}. A
 * first pass reads only the row lineage of the deleted and inserted rows and pairs them by row id
 * (format.md section 23): a row id deleted and inserted with another last-updated version is an
 * update, with the same one it is no change (the row was only moved, as by a compaction). A second
 * pass reads the projected columns of only the rows that changed. Usable on an executor.
 */
public final class ChangeReader implements Iterator<ChangeReader.ChangeBatch>, AutoCloseable {
  /** Rows of one batch and how each changed; closing it closes the fragment batch. */
  public record ChangeBatch(FragmentBatch rows, ChangeType[] types) implements AutoCloseable {
    /** How the batch's live row {@code i} changed. */
    public ChangeType type(int i) {
      return types[i];
    }

    @Override
    public void close() {
      rows.close();
    }
  }

  private record Side(List<ChangedRows> rows, Map<Long, Long> lastUpdated, boolean deleted) {}

  private final String tableUri;
  private final Configuration conf;
  private final TableSchema projection;
  private final BufferAllocator allocator;
  private final Side deleted;
  private final Side inserted;
  private final List<Runnable> pending = new ArrayList<>();
  private FragmentReader reader;
  private Side readerSide;
  private ChangeBatch next;

  public ChangeReader(
      String tableUri,
      Configuration conf,
      VersionChanges changes,
      TableSchema projection,
      BufferAllocator allocator) {
    this.tableUri = tableUri;
    this.conf = conf;
    this.projection = projection;
    this.allocator = allocator;
    TableSchema noColumns = new TableSchema(List.of(), projection.lastFieldId());
    this.deleted = new Side(changes.deleted(), lineage(changes.deleted(), noColumns), true);
    this.inserted = new Side(changes.inserted(), lineage(changes.inserted(), noColumns), false);
    for (Side side : List.of(deleted, inserted)) {
      Side other = side == deleted ? inserted : deleted;
      for (ChangedRows rows : side.rows()) {
        pending.add(() -> open(side, other, rows));
      }
    }
  }

  /**
   * Whether a version changed no row although it took fragments away and added others: every row it
   * deleted it inserted again with the same row id and last-updated version, as a compaction does.
   * Reads only the row lineage of the changed rows; {@code schema} is the table's at the version.
   */
  public static boolean onlyMovesRows(
      String tableUri,
      Configuration conf,
      VersionChanges changes,
      TableSchema schema,
      BufferAllocator allocator) {
    TableSchema noColumns = new TableSchema(List.of(), schema.lastFieldId());
    try (ChangeReader reader = new ChangeReader(tableUri, conf, changes, noColumns, allocator)) {
      return reader.deleted.lastUpdated().equals(reader.inserted.lastUpdated());
    }
  }

  /** Row id to last-updated version of the given rows. */
  private Map<Long, Long> lineage(List<ChangedRows> changed, TableSchema noColumns) {
    Map<Long, Long> lastUpdated = new HashMap<>();
    for (ChangedRows rows : changed) {
      try (FragmentReader r = readerOf(rows.fragment(), rows.offsets(), noColumns)) {
        while (r.hasNext()) {
          try (FragmentBatch batch = r.next()) {
            for (int i = 0; i < batch.rowCount(); i++) {
              lastUpdated.put(batch.rowId(i), batch.rowLastUpdatedVersion(i));
            }
          }
        }
      }
    }
    return lastUpdated;
  }

  /**
   * Opens the reader of the rows of {@code rows} that changed: all but those the other side holds
   * with the same last-updated version. Leaves {@link #reader} null when none did.
   */
  private void open(Side side, Side other, ChangedRows rows) {
    RoaringBitmap changed = new RoaringBitmap();
    TableSchema noColumns = new TableSchema(List.of(), projection.lastFieldId());
    try (FragmentReader r = readerOf(rows.fragment(), rows.offsets(), noColumns)) {
      while (r.hasNext()) {
        try (FragmentBatch batch = r.next()) {
          for (int i = 0; i < batch.rowCount(); i++) {
            Long otherVersion = other.lastUpdated().get(batch.rowId(i));
            if (otherVersion == null || otherVersion != batch.rowLastUpdatedVersion(i)) {
              changed.add((int) batch.rowOffset(i));
            }
          }
        }
      }
    }
    if (!changed.isEmpty()) {
      reader = readerOf(rows.fragment(), changed, projection);
      readerSide = side;
    }
  }

  private FragmentReader readerOf(Fragment fragment, RoaringBitmap offsets, TableSchema columns) {
    return FragmentReader.ofRows(tableUri, conf, fragment, columns, allocator, offsets, null, true);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      if (reader != null && reader.hasNext()) {
        FragmentBatch batch = reader.next();
        next = new ChangeBatch(batch, types(batch));
      } else {
        closeReader();
        if (pending.isEmpty()) {
          return false;
        }
        pending.remove(0).run();
      }
    }
    return true;
  }

  private ChangeType[] types(FragmentBatch batch) {
    Side other = readerSide == deleted ? inserted : deleted;
    ChangeType[] types = new ChangeType[batch.rowCount()];
    for (int i = 0; i < types.length; i++) {
      boolean paired = other.lastUpdated().containsKey(batch.rowId(i));
      types[i] =
          readerSide.deleted()
              ? paired ? ChangeType.UPDATE_PREIMAGE : ChangeType.DELETE
              : paired ? ChangeType.UPDATE_POSTIMAGE : ChangeType.INSERT;
    }
    return types;
  }

  @Override
  public ChangeBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ChangeBatch batch = next;
    next = null;
    return batch;
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public void close() {
    if (next != null) {
      next.close();
      next = null;
    }
    closeReader();
  }
}
