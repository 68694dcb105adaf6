package io.github.lancelot.format;

import io.github.lancelot.format.internal.maintenance.CompactionPlanner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compaction of a table, planned from the log's metadata alone ({@link Table#planCompaction}):
 * which fragments of the version read are rewritten together. Each {@link CompactionGroup} can be
 * rewritten anywhere the table's filesystem is reachable, one per worker; the results are then
 * committed here, together, as one {@code OPTIMIZE} version.
 */
public final class CompactionPlan {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionPlan.class);

  private final Table table;
  private final Snapshot base;
  private final CompactionTarget target;
  private final List<CompactionGroup> groups;

  CompactionPlan(Table table, Snapshot base, CompactionTarget target, Predicate<Fragment> include) {
    this.table = table;
    this.base = base;
    this.target = target;
    WriteOptions options = target.writeOptions(base.properties());
    this.groups =
        CompactionPlanner.groups(base.fragments().stream().filter(include).toList(), target)
            .stream()
            .map(fragments -> new CompactionGroup(fragments, base.schema(), options))
            .toList();
  }

  public Table table() {
    return table;
  }

  /** The version planned, which the commit changes. */
  public Snapshot base() {
    return base;
  }

  public CompactionTarget target() {
    return target;
  }

  public List<CompactionGroup> groups() {
    return groups;
  }

  /** Whether there is nothing to compact. */
  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /**
   * Commits rewritten groups of this plan as one {@code OPTIMIZE} version that removes their
   * fragments and adds the new ones; returns that version, or the version planned when nothing was
   * rewritten. Concurrent appends are kept; a concurrent commit that deleted or rewrote rows of a
   * fragment rewritten here makes it fail with {@link ConcurrentModificationException}. When the
   * commit fails, the new fragments' files are deleted, unless its outcome is unknown ({@link
   * CommitStateUnknownException}).
   *
   * @throws LancelotException a result is not of a group of this plan, or a group has two
   */
  public Snapshot commit(Collection<RewrittenGroup> rewritten) {
    if (rewritten.isEmpty()) {
      return base;
    }
    try {
      return transaction(rewritten).commit();
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      discard(rewritten);
      throw e;
    }
  }

  private Transaction transaction(Collection<RewrittenGroup> rewritten) {
    Map<List<Long>, CompactionGroup> planned = new HashMap<>();
    groups.forEach(g -> planned.put(g.fragmentIds(), g));
    Transaction txn =
        table
            .newTransaction(base, Operation.OPTIMIZE)
            .operationParameter("targetRowsPerFragment", String.valueOf(target.rowsPerFragment()));
    if (target.limitsBytes()) {
      txn.operationParameter("targetBytesPerFragment", String.valueOf(target.bytesPerFragment()));
    }
    long rows = 0;
    long bytes = 0;
    for (RewrittenGroup r : rewritten) {
      CompactionGroup group = planned.remove(r.replacedFragmentIds());
      if (group == null) {
        throw TableErrors.compactionResultNotPlanned(table.location(), r.replacedFragmentIds());
      }
      for (Fragment f : group.fragments()) {
        txn.removeFragment(f.id());
        bytes += f.dataSizeInBytes();
      }
      txn.appendFragments(r.written());
      rows += r.rowsRewritten();
    }
    return txn.operationMetric("numRewrittenRows", rows)
        .operationMetric("numRewrittenBytes", bytes);
  }

  /**
   * Deletes the files of rewritten groups that will not be committed, as when a worker's rewrite or
   * the job failed; a file that cannot be deleted is left to cleanup.
   */
  public void discard(Collection<RewrittenGroup> rewritten) {
    List<Fragment> written = new ArrayList<>();
    rewritten.forEach(r -> written.addAll(r.written()));
    for (String file : table.deleteUncommitted(written)) {
      LOG.warn(
          "Could not delete {} of a compaction of {}; cleanup will remove it",
          file,
          table.location());
    }
  }
}
