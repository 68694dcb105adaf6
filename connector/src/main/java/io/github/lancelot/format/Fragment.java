package io.github.lancelot.format;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A horizontal slice of a table: {@code physicalRows} rows stored in one or more data files (each
 * holding some of the columns), minus the rows its deletion vector marks deleted. Fragments are
 * immutable; a change to one is a new {@code Fragment} with the same id committed in its place.
 *
 * @param id unique within the table, never reused; {@link #UNASSIGNED_ID} until committed
 * @param physicalRows rows stored in each data file
 * @param files the data files, each holding distinct field ids
 * @param deletionFile the deletion vector, or null when no row is deleted
 * @param stats per field id, for the scalar columns
 * @param lineage the row ids and commit version its rows take by default; null until committed, and
 *     for fragments committed before row lineage was recorded
 */
public record Fragment(
    long id,
    long physicalRows,
    List<DataFile> files,
    DeletionFile deletionFile,
    Map<Integer, ColumnStats> stats,
    FragmentLineage lineage)
    implements Serializable {

  /** The id of a fragment that is written but not yet committed. */
  public static final long UNASSIGNED_ID = -1;

  public Fragment {
    files = List.copyOf(files);
    stats = stats == null ? Map.of() : new TreeMap<>(stats);
  }

  /** A fragment without lineage, as written and not yet committed. */
  public Fragment(
      long id,
      long physicalRows,
      List<DataFile> files,
      DeletionFile deletionFile,
      Map<Integer, ColumnStats> stats) {
    this(id, physicalRows, files, deletionFile, stats, null);
  }

  /** Rows visible to readers. */
  public long liveRows() {
    return physicalRows - deletedRows();
  }

  public long deletedRows() {
    return deletionFile == null ? 0 : deletionFile.cardinality();
  }

  /** Total bytes of the data files. */
  public long dataSizeInBytes() {
    return files.stream().mapToLong(DataFile::sizeInBytes).sum();
  }

  /**
   * Bytes of the data files holding table columns: all of them but the one storing row lineage,
   * which only a read of the lineage opens. Compaction sizes fragments by it.
   */
  public long columnsSizeInBytes() {
    return dataSizeInBytes() - lineageFile().map(DataFile::sizeInBytes).orElse(0L);
  }

  /** The data file holding the given field, if any. */
  public Optional<DataFile> fileHolding(int fieldId) {
    for (DataFile f : files) {
      if (f.fieldIds().contains(fieldId)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public Fragment withId(long newId) {
    return new Fragment(newId, physicalRows, files, deletionFile, stats, lineage);
  }

  /** This fragment with the lineage its commit assigns. */
  public Fragment withLineage(FragmentLineage newLineage) {
    return new Fragment(id, physicalRows, files, deletionFile, stats, newLineage);
  }

  /** The row id of the row at {@code offset} unless the row stores its own (format.md 22). */
  public long defaultRowId(long offset) {
    return lineage == null ? RowLineage.derivedRowId(id, offset) : lineage.baseRowId() + offset;
  }

  /** The last-updated version of rows that store none (format.md 22). */
  public long defaultRowCommitVersion() {
    return lineage == null ? RowLineage.UNKNOWN_VERSION : lineage.defaultRowCommitVersion();
  }

  /** The data file holding the stored row ids and versions of some rows, if any. */
  public Optional<DataFile> lineageFile() {
    return fileHolding(RowLineage.ROW_ID_FIELD_ID);
  }

  Fragment withDeletionFile(DeletionFile newDeletionFile) {
    return new Fragment(id, physicalRows, files, newDeletionFile, stats, lineage);
  }

  /**
   * This fragment with one more data file, as when a column is filled in without rewriting the
   * others.
   */
  Fragment withAddedFile(DataFile file, Map<Integer, ColumnStats> fileStats) {
    List<DataFile> newFiles = new ArrayList<>(files);
    newFiles.add(file);
    Map<Integer, ColumnStats> newStats = new TreeMap<>(stats);
    newStats.putAll(fileStats);
    return new Fragment(id, physicalRows, newFiles, deletionFile, newStats, lineage);
  }
}
