package io.github.lancelot.format;

import io.github.lancelot.format.internal.log.TableState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.roaringbitmap.RoaringBitmap;

/**
 * Plans the change feed of a range of versions from the log alone (format.md section 23): for each
 * version, the rows it deleted and the rows it inserted, found by comparing its fragments and
 * deletion vectors with those of the version before. No file is written for it by the commits; the
 * rows themselves are read by {@link ChangeReader}, which also pairs deletes and inserts of the
 * same row into updates.
 */
public final class ChangeFeed {
  private ChangeFeed() {}

  /**
   * The changes of every version from {@code start} to {@code end}, both included, in version
   * order. Needs every version from {@code start - 1} on: a range starting at or before the oldest
   * version cleanup kept fails. Each commit of the range is read once.
   */
  public static List<VersionChanges> plan(Table table, long start, long end) {
    checkRange(table, start, end);
    Differences differences =
        new Differences(
            start == 1 ? new Snapshot(table.tableLocation(), TableState.empty()) : null);
    table.forEachSnapshot(start == 1 ? 1 : start - 1, end, differences);
    return differences.changes;
  }

  /** The changes of each snapshot it is passed from the one passed before it. */
  private static final class Differences implements java.util.function.Consumer<Snapshot> {
    private final List<VersionChanges> changes = new ArrayList<>();
    private Snapshot previous;

    Differences(Snapshot first) {
      this.previous = first;
    }

    @Override
    public void accept(Snapshot snapshot) {
      if (previous != null) {
        changes.add(between(previous, snapshot));
      }
      previous = snapshot;
    }
  }

  /**
   * Fails unless the changes from {@code start} to {@code end} can be read: an existing, ordered
   * range whose versions, and the one before it, cleanup kept.
   */
  public static void checkRange(Table table, long start, long end) {
    List<Long> versions = table.versions();
    if (versions.isEmpty()) {
      throw TableErrors.tableNotFound(table.location());
    }
    long oldest = versions.get(0);
    long latest = versions.get(versions.size() - 1);
    if (start < 1 || end > latest || start > end) {
      throw TableErrors.invalidChangeRange(table.location(), start, end, latest);
    }
    long firstNeeded = start == 1 ? 1 : start - 1;
    if (firstNeeded < oldest) {
      throw TableErrors.changesCleanedUp(table.location(), start, end, oldest);
    }
  }

  /** The rows {@code after} deleted from and inserted into {@code before}, its previous version. */
  public static VersionChanges between(Snapshot before, Snapshot after) {
    Map<Long, Fragment> previous = new LinkedHashMap<>();
    before.fragments().forEach(f -> previous.put(f.id(), f));
    List<ChangedRows> deleted = new ArrayList<>();
    List<ChangedRows> inserted = new ArrayList<>();
    for (Fragment now : after.fragments()) {
      Fragment was = previous.remove(now.id());
      if (was == null) {
        add(inserted, now, liveRows(after, now));
      } else if (!was.equals(now)) {
        RoaringBitmap liveBefore = liveRows(before, was);
        RoaringBitmap liveAfter = liveRows(after, now);
        if (sameRows(was, now)) {
          add(deleted, was, RoaringBitmap.andNot(liveBefore, liveAfter));
          add(inserted, now, RoaringBitmap.andNot(liveAfter, liveBefore));
        } else {
          add(deleted, was, liveBefore);
          add(inserted, now, liveAfter);
        }
      }
    }
    previous.values().forEach(was -> add(deleted, was, liveRows(before, was)));
    return new VersionChanges(after.version(), after.timestamp(), deleted, inserted);
  }

  /**
   * Whether two descriptions of a fragment hold the same rows at the same offsets, differing at
   * most in their deletion vectors; otherwise (a column filled in, say) every row is compared.
   */
  private static boolean sameRows(Fragment a, Fragment b) {
    return a.physicalRows() == b.physicalRows()
        && a.files().equals(b.files())
        && Objects.equals(a.lineage(), b.lineage());
  }

  private static RoaringBitmap liveRows(Snapshot snapshot, Fragment fragment) {
    RoaringBitmap live = new RoaringBitmap();
    live.add(0L, fragment.physicalRows());
    live.andNot(snapshot.deletedRows(fragment));
    return live;
  }

  private static void add(List<ChangedRows> rows, Fragment fragment, RoaringBitmap offsets) {
    if (!offsets.isEmpty()) {
      rows.add(new ChangedRows(fragment, offsets));
    }
  }
}
