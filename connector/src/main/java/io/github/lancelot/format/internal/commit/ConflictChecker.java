package io.github.lancelot.format.internal.commit;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.ConcurrentModificationException;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.log.Action;
import io.github.lancelot.format.internal.log.Metadata;
import io.github.lancelot.format.internal.log.TableState;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The format's conflict rules: whether a commit prepared against one version can be rebased over a
 * commit that won the race to the next version.
 *
 * <ul>
 *   <li>Appends never conflict with appends, deletes or rewrites: new fragments are independent.
 *   <li>Two commits that remove or rewrite the same fragment conflict.
 *   <li>A change of metadata or protocol conflicts with every concurrent commit, and every commit
 *       conflicts with a concurrent change of metadata or protocol, except that a change that only
 *       adds nullable columns commutes with commits that do not change metadata: rows written
 *       without the new columns read them as NULL, whichever commits first.
 *   <li>An operation that read all data (overwrite, restore) conflicts with any concurrent change
 *       of data.
 *   <li>Two commits that add, replace or remove a vector index of the same name conflict. Index
 *       changes commute with data changes: what an index covers is decided per fragment on read.
 * </ul>
 */
final class ConflictChecker {
  private ConflictChecker() {}

  /**
   * Throws if {@code ours} cannot follow {@code winner}, whose actions were committed on top of
   * {@code before}.
   */
  static void check(
      String table, long readVersion, CommitIntent ours, TableState before, List<Action> winner) {
    CommitInfo info = winner.get(0).commitInfo();
    boolean winnerChangesMetadata = false;
    boolean winnerOnlyAddsColumns = true;
    boolean winnerChangesData = false;
    Set<Long> winnerTouched = new TreeSet<>();
    Set<String> winnerIndexes = new TreeSet<>();
    for (Action a : winner) {
      if (a.addIndex() != null) {
        winnerIndexes.add(a.addIndex().name());
      } else if (a.removeIndex() != null) {
        winnerIndexes.add(a.removeIndex().name());
      }
      if (a.protocol() != null || a.metadata() != null) {
        winnerChangesMetadata = true;
        winnerOnlyAddsColumns &=
            a.protocol() == null && onlyAddsNullableColumns(before.metadata(), a.metadata());
      } else if (a.removeFragment() != null) {
        winnerChangesData = true;
        winnerTouched.add(a.removeFragment().id());
      } else if (a.addFragment() != null) {
        winnerChangesData = true;
        if (before.fragment(a.addFragment().id()) != null) {
          winnerTouched.add(a.addFragment().id());
        }
      }
    }
    if (winnerChangesMetadata && (ours.metadata() != null || !winnerOnlyAddsColumns)) {
      throw conflict(
          table, readVersion, ours, info, "changed the table's schema, properties or protocol");
    }
    if (ours.metadata() != null
        && winnerChangesData
        && !onlyAddsNullableColumns(before.metadata(), ours.metadata())) {
      throw conflict(
          table,
          readVersion,
          ours,
          info,
          "changed data while this operation changed the schema or properties");
    }
    Set<Long> both = new TreeSet<>(winnerTouched);
    both.retainAll(ours.touchedFragments());
    if (!both.isEmpty()) {
      throw conflict(
          table, readVersion, ours, info, "also deleted or rewrote rows of fragments " + both);
    }
    winnerIndexes.retainAll(ours.touchedIndexes());
    if (!winnerIndexes.isEmpty()) {
      throw conflict(
          table, readVersion, ours, info, "also changed the vector indexes " + winnerIndexes);
    }
    if (ours.readsAllData() && winnerChangesData) {
      throw conflict(table, readVersion, ours, info, "changed data that this operation read");
    }
  }

  /**
   * Whether {@code after} is {@code before} with new nullable columns (new field ids) after the
   * existing ones, and nothing else changed.
   */
  private static boolean onlyAddsNullableColumns(Metadata before, Metadata after) {
    List<TableSchema.Column> old = before.schema().columns();
    List<TableSchema.Column> now = after.schema().columns();
    if (!before.tableId().equals(after.tableId())
        || !before.properties().equals(after.properties())
        || before.createdTime() != after.createdTime()
        || now.size() <= old.size()
        || !now.subList(0, old.size()).equals(old)) {
      return false;
    }
    return now.subList(old.size(), now.size()).stream()
        .allMatch(c -> c.id() > before.schema().lastFieldId() && c.field().isNullable());
  }

  private static ConcurrentModificationException conflict(
      String table, long readVersion, CommitIntent ours, CommitInfo winner, String reason) {
    return TableErrors.concurrentModification(table, ours.operation(), readVersion, winner, reason);
  }
}
