package io.github.lancelot.format;

import java.io.Serializable;
import java.util.Map;

/**
 * The size compaction makes fragments: at most {@code rowsPerFragment} live rows and {@code
 * bytesPerFragment} bytes of data files, as a {@link FragmentWriter} with these limits would close
 * them. A fragment below both is small and worth merging with its neighbours; one that reached
 * either is left as it is (unless it has deleted rows).
 *
 * @param rowsPerFragment 1 to 2³¹−1
 * @param bytesPerFragment positive; {@link Long#MAX_VALUE} for no limit
 */
public record CompactionTarget(long rowsPerFragment, long bytesPerFragment)
    implements Serializable {

  public CompactionTarget {
    if (rowsPerFragment <= 0 || rowsPerFragment > Integer.MAX_VALUE) {
      throw TableErrors.invalidProperty(
          WriteOptions.MAX_ROWS_PER_FRAGMENT,
          String.valueOf(rowsPerFragment),
          "a positive number up to " + Integer.MAX_VALUE);
    }
    if (bytesPerFragment <= 0) {
      throw TableErrors.invalidProperty(
          WriteOptions.MAX_BYTES_PER_FRAGMENT,
          String.valueOf(bytesPerFragment),
          "a positive number");
    }
  }

  /**
   * The target a table's properties set: {@code max-rows-per-fragment} and {@code
   * max-bytes-per-fragment}, as for its writes.
   */
  public static CompactionTarget fromProperties(Map<String, String> properties) {
    WriteOptions options = WriteOptions.from(properties);
    return new CompactionTarget(options.maxRowsPerFragment(), options.maxBytesPerFragment());
  }

  public CompactionTarget withRowsPerFragment(long rows) {
    return new CompactionTarget(rows, bytesPerFragment);
  }

  public CompactionTarget withBytesPerFragment(long bytes) {
    return new CompactionTarget(rowsPerFragment, bytes);
  }

  /** Whether there is a limit in bytes. */
  public boolean limitsBytes() {
    return bytesPerFragment != Long.MAX_VALUE;
  }

  /** The write options of a table with these properties, with this target's fragment size. */
  WriteOptions writeOptions(Map<String, String> properties) {
    WriteOptions table = WriteOptions.from(properties);
    return new WriteOptions(
        rowsPerFragment, table.maxRowsPerBatch(), table.compression(), bytesPerFragment);
  }
}
