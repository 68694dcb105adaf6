package io.github.lancelot.format;

import java.io.Serializable;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

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
   * {@code table}, not committed yet. If reading or writing fails, the files written so far are
   * deleted.
   */
  public RewrittenGroup rewrite(Table table, BufferAllocator allocator) {
    long rows = 0;
    long bytesRead = 0;
    try (FragmentWriter writer = table.newFragmentWriter(schema, options, allocator)) {
      for (Fragment f : fragments) {
        try (FragmentReader reader =
            new FragmentReader(
                table.tableLocation(),
                f,
                schema,
                allocator,
                FragmentReader.DeletedRows.COPIED_OUT,
                null)) {
          while (reader.hasNext()) {
            try (FragmentBatch batch = reader.next()) {
              writer.write(batch.root());
              rows += batch.rowCount();
            }
          }
          bytesRead += reader.bytesRead();
        }
      }
      return new RewrittenGroup(fragmentIds(), writer.finish(), rows, bytesRead);
    }
  }
}
