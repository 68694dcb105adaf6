package io.github.lancelot.format.internal.maintenance;

import io.github.lancelot.format.CompactionGroup;
import io.github.lancelot.format.CompactionPlan;
import io.github.lancelot.format.RewrittenGroup;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs a compaction plan in this process: rewrites its groups one after another, then commits them
 * as one {@code OPTIMIZE} version. What {@code Table.compact} does for users of the format's API;
 * an engine spreads the same groups over its workers instead. If a rewrite fails, the files of the
 * groups already rewritten are deleted and nothing is committed.
 */
public final class Compactor {
  private Compactor() {}

  public static Snapshot compact(CompactionPlan plan) {
    List<RewrittenGroup> rewritten = new ArrayList<>();
    try (BufferAllocator allocator = ArrowMemory.newChild("compaction")) {
      for (CompactionGroup group : plan.groups()) {
        rewritten.add(group.rewrite(plan.table(), allocator));
      }
    } catch (RuntimeException e) {
      plan.discard(rewritten);
      throw e;
    }
    return plan.commit(rewritten);
  }
}
