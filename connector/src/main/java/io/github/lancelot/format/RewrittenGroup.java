package io.github.lancelot.format;

import java.io.Serializable;
import java.util.List;

/**
 * A {@link CompactionGroup} after its rewrite: the fragments it replaces and the new fragments
 * holding their live rows, not committed yet. Serializable, so a worker can send it to the process
 * that commits the compaction ({@link CompactionPlan#commit}).
 *
 * @param replacedFragmentIds the group's fragments
 * @param written the new fragments
 * @param rowsRewritten the live rows read and written again
 * @param bytesRead the bytes read from the group's data files
 */
public record RewrittenGroup(
    List<Long> replacedFragmentIds, List<Fragment> written, long rowsRewritten, long bytesRead)
    implements Serializable {

  public RewrittenGroup {
    replacedFragmentIds = List.copyOf(replacedFragmentIds);
    written = List.copyOf(written);
  }

  /** Bytes of the new fragments' data files. */
  public long bytesWritten() {
    return written.stream().mapToLong(Fragment::dataSizeInBytes).sum();
  }
}
