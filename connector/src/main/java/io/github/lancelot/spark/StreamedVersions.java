package io.github.lancelot.spark;

import io.github.lancelot.format.ChangeFeed;
import io.github.lancelot.format.ChangeReader;
import io.github.lancelot.format.ChangedRows;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.VersionChanges;
import io.github.lancelot.format.VersionNotFoundException;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.roaringbitmap.RoaringBitmap;

/**
 * What a stream reads of each version of a table, found on the driver from the log (and, for a
 * version that replaced fragments, the row lineage of the rows it replaced): the rows a version
 * changed, and for a stream of appended rows the fragments holding the rows it added, each as of
 * that version (with its deletion vector then). A version that changes the table's columns after
 * the query found the table, or before to columns the stream cannot read its rows in, or that is no
 * longer in the log, fails the stream. Versions are remembered until the stream has committed them.
 */
final class StreamedVersions {
  private final String name;
  private final Table table;
  private final TableSchema streamSchema;
  private final long streamStartedAt;
  private final Map<Long, Snapshot> snapshots = new HashMap<>();
  private final Map<Long, VersionChanges> changes = new HashMap<>();
  private final Map<Long, List<Fragment>> appended = new HashMap<>();

  /**
   * @param name the table's name, which errors name
   * @param started the table as the query found it, whose columns the stream reads
   */
  StreamedVersions(String name, Table table, Snapshot started) {
    this.name = name;
    this.table = table;
    this.streamSchema = started.schema();
    this.streamStartedAt = started.version();
  }

  /** The table's latest version now. */
  long latestVersion() {
    List<Long> versions = table.versions();
    if (versions.isEmpty()) {
      throw SparkErrors.tableNotFound(name);
    }
    return versions.get(versions.size() - 1);
  }

  /**
   * Whether the stream reads the rows of a version with these columns as they were: all of them are
   * among the stream's, unchanged.
   */
  private boolean readableAs(TableSchema schema) {
    return streamSchema.columns().containsAll(schema.columns());
  }

  /** Fails unless the table is still the one with id {@code tableId}. */
  void checkSameTable(String tableId) {
    String current = table.latestSnapshot().tableId();
    if (!current.equals(tableId)) {
      throw SparkErrors.streamTableReplaced(name, tableId, current);
    }
  }

  /** The fragments holding the live rows of {@code version}, for an initial snapshot. */
  List<Fragment> liveFragments(long version) {
    return snapshot(version).fragments().stream().filter(f -> f.liveRows() > 0).toList();
  }

  /** The live rows of {@code version} as if it inserted them all: a change feed's snapshot. */
  VersionChanges liveRowsAsInserts(long version) {
    Snapshot s = snapshot(version);
    List<ChangedRows> rows = new ArrayList<>();
    for (Fragment f : liveFragments(version)) {
      RoaringBitmap live = new RoaringBitmap();
      live.add(0L, f.physicalRows());
      live.andNot(s.deletedRows(f));
      rows.add(new ChangedRows(f, live));
    }
    return new VersionChanges(version, s.timestamp(), List.of(), rows);
  }

  /**
   * The rows {@code version} deleted and inserted; fails if it changed the columns to others than
   * the stream's.
   */
  VersionChanges changes(long version) {
    VersionChanges known = changes.get(version);
    if (known != null) {
      return known;
    }
    Snapshot after = snapshot(version);
    VersionChanges found;
    if (version == 1) {
      found = ChangeFeed.plan(table, 1, 1).get(0);
    } else {
      Snapshot before = snapshot(version - 1);
      if (!after.schema().equals(before.schema())
          && (version > streamStartedAt || !readableAs(after.schema()))) {
        throw SparkErrors.streamSchemaChanged(name, version, after.commitInfo().operation());
      }
      found = ChangeFeed.between(before, after);
    }
    changes.put(version, found);
    return found;
  }

  /**
   * The fragments holding the rows {@code version} appended: those of the fragments it added, when
   * it only added fragments; none when it changed no row (a compaction, a schema or property
   * change, a tag, an index); none either for a version that deleted or updated rows when {@code
   * skipChangeCommits}, which otherwise fails naming the version and its operation.
   */
  List<Fragment> appendedFragments(long version, boolean skipChangeCommits) {
    List<Fragment> known = appended.get(version);
    if (known != null) {
      return known;
    }
    VersionChanges c = changes(version);
    List<Fragment> found;
    if (c.isEmpty()) {
      found = List.of();
    } else if (c.deleted().isEmpty() && addsOnlyNewFragments(version, c)) {
      found = c.inserted().stream().map(ChangedRows::fragment).toList();
    } else if (onlyMovesRows(version, c) || skipChangeCommits) {
      found = List.of();
    } else {
      throw SparkErrors.streamChangeCommit(
          name, version, snapshot(version).commitInfo().operation());
    }
    appended.put(version, found);
    return found;
  }

  private boolean addsOnlyNewFragments(long version, VersionChanges c) {
    if (version == 1) {
      return true;
    }
    Set<Long> before =
        snapshot(version - 1).fragments().stream().map(Fragment::id).collect(Collectors.toSet());
    return c.inserted().stream().noneMatch(rows -> before.contains(rows.fragment().id()));
  }

  private boolean onlyMovesRows(long version, VersionChanges c) {
    try (BufferAllocator allocator =
        ArrowMemory.newChild("stream " + name + " version " + version)) {
      return ChangeReader.onlyMovesRows(
          table.location(), table.conf(), c, snapshot(version).schema(), allocator);
    }
  }

  /** Forgets the versions before {@code version}, which the stream has read. */
  void forgetBefore(long version) {
    snapshots.keySet().removeIf(v -> v < version - 1);
    changes.keySet().removeIf(v -> v < version);
    appended.keySet().removeIf(v -> v < version);
  }

  private Snapshot snapshot(long version) {
    Snapshot known = snapshots.get(version);
    if (known != null) {
      return known;
    }
    Snapshot found;
    try {
      found = table.snapshotAt(version);
    } catch (VersionNotFoundException e) {
      throw SparkErrors.streamVersionMissing(name, version, e);
    }
    snapshots.put(version, found);
    return found;
  }
}
