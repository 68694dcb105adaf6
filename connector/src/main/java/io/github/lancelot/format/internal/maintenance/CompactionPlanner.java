package io.github.lancelot.format.internal.maintenance;

import io.github.lancelot.format.CompactionTarget;
import io.github.lancelot.format.Fragment;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which fragments a compaction rewrites together, from the log's metadata alone (format.md
 * section 18). Candidates are the small fragments, below the target in rows and in bytes, and the
 * fragments with deleted rows. Walking them in table order, a fragment starts a new group when
 * adding it would take the group above the target in rows or in bytes; a group of one fragment
 * without deleted rows would be rewritten as it is, so it is dropped.
 */
public final class CompactionPlanner {
  private CompactionPlanner() {}

  /** The groups of {@code fragments} (in table order) to rewrite, each into new fragments. */
  public static List<List<Fragment>> groups(List<Fragment> fragments, CompactionTarget target) {
    List<List<Fragment>> groups = new ArrayList<>();
    List<Fragment> current = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (Fragment f : fragments) {
      long liveBytes = liveBytes(f);
      boolean small =
          f.liveRows() < target.rowsPerFragment() && liveBytes < target.bytesPerFragment();
      if (!small && f.deletedRows() == 0) {
        continue;
      }
      boolean overTarget =
          rows + f.liveRows() > target.rowsPerFragment()
              || bytes + liveBytes > target.bytesPerFragment();
      if (overTarget && !current.isEmpty()) {
        groups.add(current);
        current = new ArrayList<>();
        rows = 0;
        bytes = 0;
      }
      current.add(f);
      rows += f.liveRows();
      bytes += liveBytes;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    groups.removeIf(g -> g.size() == 1 && g.get(0).deletedRows() == 0);
    return groups;
  }

  /**
   * The bytes of the fragment's column files that its live rows take, taking every row to be the
   * same size: what the rows will take once rewritten.
   */
  static long liveBytes(Fragment f) {
    if (f.deletedRows() == 0 || f.physicalRows() == 0) {
      return f.columnsSizeInBytes();
    }
    return (long) ((double) f.columnsSizeInBytes() * f.liveRows() / f.physicalRows());
  }
}
