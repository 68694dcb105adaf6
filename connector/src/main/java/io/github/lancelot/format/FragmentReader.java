package io.github.lancelot.format;

import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.RowFilter;
import io.github.lancelot.format.internal.io.ArrowCodecs;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import io.github.lancelot.format.internal.io.DeletionVectors;
import io.github.lancelot.format.internal.io.HadoopReadChannel;
import io.github.lancelot.format.internal.io.KnownLengthFiles;
import io.github.lancelot.format.internal.io.RowSelection;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.io.TypeWidening;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads the rows of one fragment for a projection of columns. Only the data files holding a
 * projected column are opened; a column the fragment has no data for (added later) reads as its
 * default, or NULL without one ({@link ColumnDefaults}); a column stored with a type it has since
 * been widened from is converted to its current type ({@link TypeWidening}); deleted rows are left
 * out, and so are the rows where a condition given to the reader is not TRUE ({@link RowFilter}).
 * On request it also gives each row's lineage ({@link RowLineage}). Usable anywhere the table's
 * filesystem is reachable, such as on a Spark executor.
 */
public final class FragmentReader implements Iterator<FragmentBatch>, AutoCloseable {
  static final int ROWS_PER_BATCH_WITHOUT_FILES = 8192;

  /** How the batches of a fragment with deleted rows leave those rows out. */
  public enum DeletedRows {
    /** The live rows are copied into new vectors: every batch holds only live rows. */
    COPIED_OUT,
    /**
     * Batches keep every row and list the live ones ({@link FragmentBatch#livePositions()}):
     * nothing is copied.
     */
    SKIPPED_BY_POSITION
  }

  private final TableLocation location;
  private final Fragment fragment;
  private final TableSchema projection;
  private final BufferAllocator allocator;
  private final List<OpenFile> files = new ArrayList<>();
  private final Map<Integer, Object> defaults = new HashMap<>();
  private final RoaringBitmap deleted;
  private final DeletedRows deletedRows;
  private final RowFilter rowFilter;
  private final boolean readsLineage;
  private final int batches;
  private final int[] knownBatchRows;
  private int nextBatch;
  private long nextOffset;
  private FragmentBatch pending;
  private long bytesReadByClosedFiles;

  private record OpenFile(
      DataFile file, ArrowFileReader reader, VectorSchemaRoot root, List<ArrowBlock> blocks) {}

  public FragmentReader(
      String tableUri,
      Configuration conf,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows) {
    this(tableUri, conf, fragment, projection, allocator, deletedRows, null);
  }

  /**
   * A reader that also leaves out the rows where {@code condition} is not TRUE; the condition's
   * columns must be among the projected ones, and it must be one {@link RowFilter} can evaluate
   * (null: every live row).
   */
  public FragmentReader(
      String tableUri,
      Configuration conf,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows,
      Expression condition) {
    this(
        new TableLocation(tableUri, conf), fragment, projection, allocator, deletedRows, condition);
  }

  FragmentReader(
      TableLocation location,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows,
      Expression condition) {
    this(location, fragment, projection, allocator, deletedRows, condition, false, null, null);
  }

  /**
   * A reader as above whose batches also give each row's id and last-updated version ({@link
   * FragmentBatch#rowId}, {@link FragmentBatch#rowLastUpdatedVersion}) when {@code rowLineage} is
   * true, reading the fragment's stored lineage if it has any.
   */
  public FragmentReader(
      String tableUri,
      Configuration conf,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows,
      Expression condition,
      boolean rowLineage) {
    this(
        new TableLocation(tableUri, conf),
        fragment,
        projection,
        allocator,
        deletedRows,
        condition,
        rowLineage,
        null,
        null);
  }

  /** A reader of the live rows and their lineage, as a compaction copies them. */
  static FragmentReader withLineage(
      TableLocation location,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows) {
    return new FragmentReader(
        location, fragment, projection, allocator, deletedRows, null, true, null, null);
  }

  /**
   * A reader of only the live rows at {@code offsets}, as after an index search. {@code batchRows}
   * are the row counts of the fragment's record batches, so that a batch holding none of those rows
   * is skipped without being loaded; counts that do not fit the fragment's files are not used. With
   * {@code rowLineage}, batches also give each row's id and last-updated version.
   */
  public static FragmentReader ofRows(
      String tableUri,
      Configuration conf,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      RoaringBitmap offsets,
      int[] batchRows,
      boolean rowLineage) {
    return new FragmentReader(
        new TableLocation(tableUri, conf),
        fragment,
        projection,
        allocator,
        DeletedRows.SKIPPED_BY_POSITION,
        null,
        rowLineage,
        offsets,
        batchRows);
  }

  private FragmentReader(
      TableLocation location,
      Fragment fragment,
      TableSchema projection,
      BufferAllocator allocator,
      DeletedRows deletedRows,
      Expression condition,
      boolean rowLineage,
      RoaringBitmap onlyRows,
      int[] batchRows) {
    this.location = location;
    this.readsLineage = rowLineage;
    this.deletedRows = deletedRows;
    this.rowFilter = condition == null ? null : RowFilter.of(condition, projection);
    this.fragment = fragment;
    this.projection = projection;
    this.allocator = allocator;
    RoaringBitmap deletedRowsOfFragment =
        fragment.deletionFile() == null ? null : DeletionVectors.read(location, fragment);
    if (onlyRows != null) {
      RoaringBitmap unwanted = new RoaringBitmap();
      unwanted.add(0L, fragment.physicalRows());
      unwanted.andNot(onlyRows);
      if (deletedRowsOfFragment != null) {
        unwanted.or(deletedRowsOfFragment);
      }
      deletedRowsOfFragment = unwanted;
    }
    this.deleted = deletedRowsOfFragment;
    for (TableSchema.Column c : projection.columns()) {
      if (fragment.fileHolding(c.id()).isEmpty()) {
        defaults.put(c.id(), ColumnDefaults.valueOf(location.displayName(), c.field()));
      }
    }
    try {
      for (DataFile f : fragment.files()) {
        if (projection.columns().stream().anyMatch(c -> f.fieldIds().contains(c.id()))) {
          files.add(open(f));
        }
      }
      if (rowLineage) {
        fragment.lineageFile().ifPresent(f -> files.add(open(f)));
      }
      this.batches =
          files.isEmpty()
              ? (int)
                  ((fragment.physicalRows() + ROWS_PER_BATCH_WITHOUT_FILES - 1)
                      / ROWS_PER_BATCH_WITHOUT_FILES)
              : files.get(0).blocks().size();
      this.knownBatchRows =
          batchRows != null
                  && batchRows.length == batches
                  && java.util.Arrays.stream(batchRows).asLongStream().sum()
                      == fragment.physicalRows()
              ? batchRows
              : null;
      for (OpenFile f : files) {
        checkStoredTypes(f);
        if (f.blocks().size() != batches) {
          throw TableErrors.corruptFile(
              location.resolve(f.file().path()).toString(),
              "it has "
                  + f.blocks().size()
                  + " record batches where the fragment's other files have "
                  + batches);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private OpenFile open(DataFile f) {
    Path path = location.resolveStored(f.path(), fragment.id());
    try {
      // The log records the file's length, so the store is not asked for it.
      HadoopReadChannel channel =
          new HadoopReadChannel(
              KnownLengthFiles.open(location.fs(), path, f.sizeInBytes()), f.sizeInBytes());
      ArrowFileReader reader = new ArrowFileReader(channel, allocator, ArrowCodecs.INSTANCE);
      try {
        return new OpenFile(f, reader, reader.getVectorSchemaRoot(), reader.getRecordBlocks());
      } catch (java.io.FileNotFoundException e) {
        // An object store opens lazily: a missing file shows at the first read.
        reader.close();
        throw TableErrors.corruptFile(path.toString(), "the data file is missing", e);
      } catch (IOException | RuntimeException e) {
        reader.close();
        long actual = lengthOf(path);
        if (actual >= 0 && actual != f.sizeInBytes()) {
          throw TableErrors.corruptFile(
              path.toString(),
              "fragment "
                  + fragment.id()
                  + " records it as "
                  + f.sizeInBytes()
                  + " bytes, but it has "
                  + actual,
              e);
        }
        throw TableErrors.corruptFile(
            path.toString(), "not a readable Arrow IPC file (" + e.getMessage() + ")", e);
      }
    } catch (java.io.FileNotFoundException e) {
      throw TableErrors.corruptFile(path.toString(), "the data file is missing", e);
    } catch (IOException e) {
      throw TableErrors.unreadableFile(path.toString(), e);
    }
  }

  /** The file's actual length, asked only when it failed to open; -1 if unknown. */
  private long lengthOf(Path path) {
    try {
      return location.fs().getFileStatus(path).getLen();
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Each projected column the file holds must be stored with the column's type or one that widens
   * to it.
   */
  private void checkStoredTypes(OpenFile f) {
    List<Field> stored = f.root().getSchema().getFields();
    if (stored.size() != f.file().fieldIds().size()) {
      throw TableErrors.corruptFile(
          location.resolve(f.file().path()).toString(),
          "it has "
              + stored.size()
              + " columns where the log records field ids "
              + f.file().fieldIds());
    }
    for (TableSchema.Column c : RowLineage.HIDDEN_COLUMNS) {
      int pos = f.file().fieldIds().indexOf(c.id());
      if (readsLineage && pos >= 0 && !stored.get(pos).getType().equals(c.field().getType())) {
        throw TableErrors.corruptFile(
            location.resolve(f.file().path()).toString(),
            "it stores the hidden column "
                + c.name()
                + " as "
                + stored.get(pos).getType()
                + " where row lineage is stored as "
                + c.field().getType());
      }
    }
    for (TableSchema.Column c : projection.columns()) {
      int pos = f.file().fieldIds().indexOf(c.id());
      if (pos < 0) {
        continue;
      }
      ArrowType type = stored.get(pos).getType();
      if (!type.equals(c.field().getType())
          && !TypeWidening.isWidening(type, c.field().getType())) {
        throw TableErrors.corruptFile(
            location.resolve(f.file().path()).toString(),
            "it stores column '"
                + c.name()
                + "' (field id "
                + c.id()
                + ") as "
                + type
                + ", which cannot be read as the column's type "
                + c.field().getType());
      }
    }
  }

  @Override
  public boolean hasNext() {
    while (pending == null && nextBatch < batches) {
      pending = readBatch(nextBatch++);
    }
    if (pending == null && nextOffset != fragment.physicalRows()) {
      throw TableErrors.corruptFile(
          location.resolve(files.get(0).file().path()).toString(),
          "it holds "
              + nextOffset
              + " rows where fragment "
              + fragment.id()
              + " has "
              + fragment.physicalRows());
    }
    return pending != null;
  }

  @Override
  public FragmentBatch next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    FragmentBatch b = pending;
    pending = null;
    return b;
  }

  /** The next batch, or null if none of its rows is live and matches the reader's condition. */
  private FragmentBatch readBatch(int index) {
    if (knownBatchRows != null
        && deleted != null
        && deleted.rangeCardinality(nextOffset, nextOffset + knownBatchRows[index])
            == knownBatchRows[index]) {
      nextOffset += knownBatchRows[index];
      return null;
    }
    int rows = loadBatch(index);
    long first = nextOffset;
    nextOffset += rows;
    long deletedHere = deleted == null ? 0 : deleted.rangeCardinality(first, first + rows);
    if (deletedHere == rows) {
      return null;
    }
    List<FieldVector> vectors = new ArrayList<>();
    for (TableSchema.Column column : projection.columns()) {
      vectors.add(columnVector(column, rows));
    }
    int[] live = null;
    if (deletedHere > 0) {
      live = new int[(int) (rows - deletedHere)];
      for (int i = 0, k = 0; i < rows; i++) {
        if (!deleted.contains((int) (first + i))) {
          live[k++] = i;
        }
      }
    }
    if (rowFilter != null) {
      live = rowFilter.select(vectors, rows, live);
      if (live.length == 0) {
        vectors.forEach(FieldVector::close);
        return null;
      }
      if (live.length == rows) {
        live = null;
      }
    }
    FragmentBatch.Lineage lineage = readsLineage ? lineageOf() : null;
    if (live == null) {
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(rows);
      return new FragmentBatch(fragment.id(), root, first, null, false, lineage);
    }
    if (deletedRows == DeletedRows.SKIPPED_BY_POSITION) {
      VectorSchemaRoot root = new VectorSchemaRoot(vectors);
      root.setRowCount(rows);
      return new FragmentBatch(fragment.id(), root, first, live, true, lineage);
    }
    List<FieldVector> selected = new ArrayList<>();
    for (FieldVector v : vectors) {
      selected.add(RowSelection.select(v, live, allocator));
      v.close();
    }
    VectorSchemaRoot root = new VectorSchemaRoot(selected);
    root.setRowCount(live.length);
    return new FragmentBatch(fragment.id(), root, first, live, false, lineage);
  }

  /**
   * The lineage of the rows of the batch just loaded: the fragment's, and the values its rows
   * store, moved out of the file's vectors (all rows of the batch, by position).
   */
  private FragmentBatch.Lineage lineageOf() {
    BigIntVector ids = null;
    BigIntVector versions = null;
    for (OpenFile f : files) {
      int idPos = f.file().fieldIds().indexOf(RowLineage.ROW_ID_FIELD_ID);
      int versionPos = f.file().fieldIds().indexOf(RowLineage.ROW_LAST_UPDATED_VERSION_FIELD_ID);
      if (idPos >= 0) {
        ids = moved(f.root().getVector(idPos));
      }
      if (versionPos >= 0) {
        versions = moved(f.root().getVector(versionPos));
      }
    }
    return new FragmentBatch.Lineage(fragment, ids, versions);
  }

  private BigIntVector moved(FieldVector stored) {
    BigIntVector target = new BigIntVector(stored.getField(), allocator);
    stored.makeTransferPair(target).transfer();
    return target;
  }

  private int loadBatch(int index) {
    if (files.isEmpty()) {
      long start = (long) index * ROWS_PER_BATCH_WITHOUT_FILES;
      return (int) Math.min(ROWS_PER_BATCH_WITHOUT_FILES, fragment.physicalRows() - start);
    }
    int rows = -1;
    for (OpenFile f : files) {
      try {
        f.reader().loadRecordBatch(f.blocks().get(index));
      } catch (IOException | RuntimeException e) {
        throw TableErrors.corruptFile(
            location.resolve(f.file().path()).toString(),
            "record batch " + index + " is unreadable",
            e);
      }
      int n = f.root().getRowCount();
      if (rows >= 0 && n != rows) {
        throw TableErrors.corruptFile(
            location.resolve(f.file().path()).toString(),
            "record batch "
                + index
                + " has "
                + n
                + " rows where the fragment's other files have "
                + rows);
      }
      rows = n;
    }
    return rows;
  }

  private FieldVector columnVector(TableSchema.Column column, int rows) {
    for (OpenFile f : files) {
      int pos = f.file().fieldIds().indexOf(column.id());
      if (pos >= 0) {
        FieldVector stored = f.root().getVector(pos);
        ArrowType storedType = stored.getField().getType();
        if (!storedType.equals(column.field().getType())) {
          return TypeWidening.widen(stored, column.field(), allocator);
        }
        FieldVector moved = column.field().createVector(allocator);
        stored.makeTransferPair(moved).transfer();
        return moved;
      }
    }
    return ColumnDefaults.filled(column.field(), defaults.get(column.id()), rows, allocator);
  }

  /** Bytes of data files read so far. */
  public long bytesRead() {
    return bytesReadByClosedFiles + files.stream().mapToLong(f -> f.reader().bytesRead()).sum();
  }

  @Override
  public void close() {
    bytesReadByClosedFiles = bytesRead();
    if (pending != null) {
      pending.close();
      pending = null;
    }
    for (OpenFile f : files) {
      try {
        f.reader().close();
      } catch (IOException ignored) {
        // closing a read-only channel
      }
    }
    files.clear();
  }
}
