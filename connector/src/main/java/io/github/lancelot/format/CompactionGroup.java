package io.github.lancelot.format;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Fragments of one version that a compaction rewrites together, with all a worker needs to rewrite
 * them besides the table's location and Hadoop configuration: it is serializable, so an engine can
 * ship it to another process (a Spark executor) that rewrites it without reading the log.
 *
 * @param fragments the fragments, in table order
 * @param schema the schema of the version planned: rows are read and written with it, so widened
 *     columns are stored in their current type and defaults become stored values
 * @param options how the new fragments are written: the table's write options, with the
 *     compaction's target size
 */
public record CompactionGroup(List<Fragment> fragments, TableSchema schema, WriteOptions options)
    implements Serializable {

  public CompactionGroup {
    fragments = List.copyOf(fragments);
  }

  public List<Long> fragmentIds() {
    return fragments.stream().map(Fragment::id).toList();
  }

  /** Rows the group holds, without its deleted rows. */
  public long liveRows() {
    return fragments.stream().mapToLong(Fragment::liveRows).sum();
  }

  /**
   * Reads the live rows of the group's fragments, in order, and writes them as new fragments of
   * {@code table}, not committed yet, each row with its row id and last-updated version stored so
   * that compaction changes neither (format.md section 22). If reading or writing fails, the files
   * written so far are deleted.
   */
  public RewrittenGroup rewrite(Table table, BufferAllocator allocator) {
    long rows = 0;
    long bytesRead = 0;
    try (FragmentWriter writer =
        table.newFragmentWriterKeepingLineage(schema, options, allocator)) {
      for (Fragment f : fragments) {
        try (FragmentReader reader =
            FragmentReader.withLineage(
                table.tableLocation(),
                f,
                schema,
                allocator,
                FragmentReader.DeletedRows.COPIED_OUT)) {
          while (reader.hasNext()) {
            try (FragmentBatch batch = reader.next();
                VectorSchemaRoot withLineage = withStoredLineage(batch, allocator)) {
              writer.write(withLineage);
              rows += batch.rowCount();
            }
          }
          bytesRead += reader.bytesRead();
        }
      }
      return new RewrittenGroup(fragmentIds(), writer.finish(), rows, bytesRead);
    }
  }

  /**
   * The batch's columns followed by the hidden lineage columns, holding every row's id and version.
   * The batch's vectors are shared, not copied, so closing the result also releases them.
   */
  private static VectorSchemaRoot withStoredLineage(
      FragmentBatch batch, BufferAllocator allocator) {
    int rows = batch.rowCount();
    BigIntVector ids = new BigIntVector(RowLineage.HIDDEN_COLUMNS.get(0).field(), allocator);
    BigIntVector versions = new BigIntVector(RowLineage.HIDDEN_COLUMNS.get(1).field(), allocator);
    ids.allocateNew(rows);
    versions.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      ids.set(i, batch.rowId(i));
      versions.set(i, batch.rowLastUpdatedVersion(i));
    }
    List<FieldVector> vectors = new ArrayList<>(batch.root().getFieldVectors());
    vectors.add(ids);
    vectors.add(versions);
    VectorSchemaRoot root = new VectorSchemaRoot(vectors);
    root.setRowCount(rows);
    return root;
  }
}
