package io.github.lancelot.format;

import io.github.lancelot.format.internal.io.ColumnStatsCollector;
import io.github.lancelot.format.internal.io.DataFileWriter;
import io.github.lancelot.format.internal.io.SchemaCompatibility;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches of rows as new, not yet committed fragments. The fixed-width columns of a fragment
 * share one data file and every variable-width column (strings, lists, vectors, nested types) has
 * one of its own, so a scan never reads a wide column it does not project. The fragments returned
 * by {@link #finish()} become visible only when a {@link Transaction} commits them; {@link
 * #abort()} deletes what was written.
 *
 * <p>Batches must have the table's columns, in order (followed by the hidden lineage columns for a
 * writer that keeps row lineage, {@link Table#newFragmentWriterKeepingLineage}), and be allocated
 * from the same root allocator as the one given to the writer.
 */
public final class FragmentWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FragmentWriter.class);

  private final TableLocation location;
  private final WriteOptions options;
  private final BufferAllocator allocator;
  private final List<TableSchema.Column> stored;
  private final List<List<Integer>> groups;
  private final boolean keepsLineage;
  private final List<Fragment> finished = new ArrayList<>();
  private final List<org.apache.hadoop.fs.Path> written = new ArrayList<>();
  private OpenFragment current;
  private long rowsSeen;
  private boolean closed;

  FragmentWriter(
      TableLocation location,
      TableSchema schema,
      WriteOptions options,
      BufferAllocator allocator,
      boolean keepsLineage) {
    this.location = location;
    this.options = options;
    this.allocator = allocator;
    this.keepsLineage = keepsLineage;
    List<TableSchema.Column> columns = new ArrayList<>(schema.columns());
    List<List<Integer>> fileGroups = columnGroups(schema);
    if (keepsLineage) {
      fileGroups.add(List.of(columns.size(), columns.size() + 1));
      columns.addAll(RowLineage.HIDDEN_COLUMNS);
    }
    this.stored = List.copyOf(columns);
    this.groups = fileGroups;
  }

  /**
   * Column positions per data file: the fixed-width columns together, then every other column
   * (strings, binaries, lists, vectors, structs, maps) alone, so a scan reads no variable-width
   * column it does not project and a fragment has at most one file more than it has variable-width
   * columns. Stored row lineage, when kept, gets a file of its own after them.
   */
  private static List<List<Integer>> columnGroups(TableSchema schema) {
    List<List<Integer>> out = new ArrayList<>();
    List<Integer> fixedWidth = new ArrayList<>();
    for (int i = 0; i < schema.columns().size(); i++) {
      if (isFixedWidth(schema.columns().get(i).field().getType())) {
        fixedWidth.add(i);
      } else {
        out.add(List.of(i));
      }
    }
    if (!fixedWidth.isEmpty()) {
      out.add(0, fixedWidth);
    }
    return out;
  }

  private static boolean isFixedWidth(ArrowType type) {
    return switch (type.getTypeID()) {
      case Null, Bool, Int, FloatingPoint, Decimal, Date, Time, Timestamp, Interval, Duration ->
          true;
      default -> false;
    };
  }

  /** Writes the batch's rows; the caller keeps ownership of the batch. */
  public void write(VectorSchemaRoot batch) {
    validate(batch);
    int rows = batch.getRowCount();
    int offset = 0;
    while (offset < rows) {
      if (current == null) {
        current = new OpenFragment();
      }
      long room = options.maxRowsPerFragment() - current.rows;
      int take = (int) Math.min(Math.min(rows - offset, options.maxRowsPerBatch()), room);
      current.write(batch, offset, take);
      offset += take;
      if (current.rows >= options.maxRowsPerFragment()
          || current.bytes >= options.maxBytesPerFragment()) {
        finishCurrent();
      }
    }
    rowsSeen += rows;
  }

  private void validate(VectorSchemaRoot batch) {
    List<Field> fields = batch.getSchema().getFields();
    List<TableSchema.Column> columns = stored;
    if (fields.size() != columns.size()) {
      throw TableErrors.schemaMismatch(
          location.displayName(),
          "the table has "
              + columns.size()
              + " columns "
              + names(columns)
              + " but the data has "
              + fields.size()
              + " "
              + fields.stream().map(Field::getName).toList());
    }
    for (int i = 0; i < fields.size(); i++) {
      Field column = columns.get(i).field();
      if (!column.getName().equals(fields.get(i).getName())) {
        throw TableErrors.schemaMismatch(
            location.displayName(),
            "column "
                + (i + 1)
                + " is '"
                + column.getName()
                + "' but the data has '"
                + fields.get(i).getName()
                + "'");
      }
      Optional<String> mismatch = SchemaCompatibility.mismatch(column, fields.get(i));
      if (mismatch.isPresent()) {
        throw TableErrors.schemaMismatch(location.displayName(), mismatch.get());
      }
      FieldVector vector = batch.getVector(i);
      if (!column.isNullable() && vector.getNullCount() > 0) {
        int row = 0;
        while (!vector.isNull(row)) {
          row++;
        }
        throw TableErrors.nullInNotNullColumn(
            location.displayName(), column.getName(), rowsSeen + row);
      }
    }
  }

  private static List<String> names(List<TableSchema.Column> columns) {
    return columns.stream().map(TableSchema.Column::name).toList();
  }

  private void finishCurrent() {
    if (current != null) {
      Fragment f = current.finish();
      current = null;
      finished.add(f);
    }
  }

  /** Closes the open fragment and returns every fragment written, none of them committed yet. */
  public List<Fragment> finish() {
    finishCurrent();
    closed = true;
    return List.copyOf(finished);
  }

  private void deleteUnused(org.apache.hadoop.fs.Path path) {
    written.remove(path);
    try {
      location.fs().delete(path, false);
    } catch (IOException e) {
      LOG.warn("Could not delete unused file {}; cleanup will remove it", path, e);
    }
  }

  /** Deletes every file this writer created. */
  public void abort() {
    if (current != null) {
      current.close();
      current = null;
    }
    closed = true;
    for (org.apache.hadoop.fs.Path p : written) {
      try {
        location.fs().delete(p, false);
      } catch (IOException e) {
        LOG.warn("Could not delete {} of an aborted write; cleanup will remove it", p, e);
      }
    }
  }

  @Override
  public void close() {
    if (!closed) {
      abort();
    }
  }

  /** The fragment being written: one data file per column group plus statistics. */
  private final class OpenFragment {
    final List<DataFileWriter> files = new ArrayList<>();
    final Map<Integer, ColumnStatsCollector> stats = new HashMap<>();
    long storedLineageValues;
    long rows;
    long bytes;

    OpenFragment() {
      try {
        for (List<Integer> group : groups) {
          DataFileWriter w =
              new DataFileWriter(
                  location, group.stream().map(stored::get).toList(), options, allocator);
          files.add(w);
          written.add(w.path());
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    void write(VectorSchemaRoot batch, int offset, int length) {
      for (int g = 0; g < groups.size(); g++) {
        List<FieldVector> sources = groups.get(g).stream().map(batch::getVector).toList();
        files
            .get(g)
            .write(
                sources,
                offset,
                length,
                (column, vector) -> {
                  if (RowLineage.isHiddenFieldId(column.id())) {
                    storedLineageValues += vector.getValueCount() - vector.getNullCount();
                  } else {
                    stats
                        .computeIfAbsent(column.id(), id -> new ColumnStatsCollector())
                        .add(vector);
                  }
                });
      }
      rows += length;
      // The limit in bytes is about the table's columns, which scans read; stored lineage is not
      // counted.
      bytes =
          files.subList(0, files.size() - (keepsLineage ? 1 : 0)).stream()
              .mapToLong(DataFileWriter::bytesWritten)
              .sum();
    }

    Fragment finish() {
      List<DataFile> dataFiles = new ArrayList<>();
      for (DataFileWriter w : files) {
        dataFiles.add(w.finish());
      }
      if (keepsLineage && storedLineageValues == 0) {
        // No row keeps an earlier row's lineage: the fragment's own gives every row's.
        DataFile unused = dataFiles.remove(dataFiles.size() - 1);
        deleteUnused(location.resolve(unused.path()));
      }
      Map<Integer, ColumnStats> result = new HashMap<>();
      stats.forEach((id, c) -> result.put(id, c.result()));
      return new Fragment(Fragment.UNASSIGNED_ID, rows, dataFiles, null, result);
    }

    void close() {
      files.forEach(DataFileWriter::close);
    }
  }
}
