package io.github.lancelot.format.internal.maintenance;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentReader;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Rewrites small fragments, and fragments with deleted rows, into fragments of about the target
 * size, as one OPTIMIZE version. The rows and their order within each group stay the same; only
 * their files change. Concurrent appends do not conflict, since their fragments are not touched.
 */
public final class Compactor {
  private Compactor() {}

  /** The fragments to merge, in groups that each become new fragments. */
  static List<List<Fragment>> plan(List<Fragment> fragments, long targetRows) {
    List<List<Fragment>> groups = new ArrayList<>();
    List<Fragment> current = new ArrayList<>();
    long rows = 0;
    for (Fragment f : fragments) {
      boolean candidate = f.liveRows() < targetRows || f.deletedRows() > 0;
      if (!candidate) {
        continue;
      }
      if (rows + f.liveRows() > targetRows && !current.isEmpty()) {
        groups.add(current);
        current = new ArrayList<>();
        rows = 0;
      }
      current.add(f);
      rows += f.liveRows();
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    groups.removeIf(g -> g.size() == 1 && g.get(0).deletedRows() == 0);
    return groups;
  }

  /**
   * Compacts the fragments of {@code base} that {@code include} accepts; returns the new snapshot,
   * or base if nothing to do.
   */
  public static Snapshot compact(
      Table table, Snapshot base, long targetRows, Predicate<Fragment> include) {
    List<List<Fragment>> groups =
        plan(base.fragments().stream().filter(include).toList(), targetRows);
    if (groups.isEmpty()) {
      return base;
    }
    Transaction txn =
        table
            .newTransaction(base, Operation.OPTIMIZE)
            .operationParameter("targetRowsPerFragment", String.valueOf(targetRows));
    long removed = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      WriteOptions options = WriteOptions.from(base.properties());
      options =
          new WriteOptions(
              targetRows,
              options.maxRowsPerBatch(),
              options.compression(),
              options.maxBytesPerFragment());
      for (List<Fragment> group : groups) {
        try (FragmentWriter writer = table.newFragmentWriter(base.schema(), options, allocator)) {
          for (Fragment f : group) {
            try (FragmentReader reader = base.newScan().build().open(f, allocator)) {
              while (reader.hasNext()) {
                try (FragmentBatch batch = reader.next()) {
                  writer.write(batch.root());
                }
              }
            }
            txn.removeFragment(f.id());
            removed++;
          }
          txn.appendFragments(writer.finish());
        }
      }
    }
    return txn.operationMetric("numRemovedFragments", removed).commit();
  }
}
