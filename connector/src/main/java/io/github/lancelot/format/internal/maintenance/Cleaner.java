package io.github.lancelot.format.internal.maintenance;

import io.github.lancelot.format.CleanupOptions;
import io.github.lancelot.format.CleanupResult;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableProperties;
import io.github.lancelot.format.Tag;
import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.CheckpointWriter;
import io.github.lancelot.format.internal.log.LogFiles;
import io.github.lancelot.format.internal.log.LogReader;
import io.github.lancelot.format.internal.log.TableState;
import io.github.lancelot.format.internal.refs.CloneRegistry;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Removes what no kept version needs: commit and checkpoint files of expired versions, and data,
 * deletion and vector index files referenced by no kept version, tag or shallow clone. A checkpoint
 * is written at the oldest kept version (and at each older tagged version) first, so every kept
 * version still loads. The files the kept versions reference are found by replaying each run of
 * consecutive kept versions once, forward ({@link LogReader#forEachState}).
 */
public final class Cleaner {
  /**
   * Hidden temp files of a commit in flight live for milliseconds; older than this they are
   * leftovers.
   */
  private static final long TEMP_FILE_MIN_AGE_MILLIS = 3_600_000L;

  private final Table table;
  private final TableLocation location;
  private final LogReader log;

  public Cleaner(Table table, TableLocation location) {
    this.table = table;
    this.location = location;
    this.log = new LogReader(location);
  }

  public CleanupResult clean(CleanupOptions options) {
    Snapshot latest = table.latestSnapshot();
    int thresholdHours = TableProperties.retentionHours(latest.properties());
    long now = System.currentTimeMillis();
    long thresholdMillis = thresholdHours * 3_600_000L;
    if (!options.force() && now - options.olderThanMillis() < thresholdMillis) {
      throw TableErrors.retentionTooShort(
          location.displayName(), (now - options.olderThanMillis()) / 3_600_000.0, thresholdHours);
    }
    List<Long> versions = log.list().commits();
    if (exists(LogFiles.commit(location.versionsDir(), versions.get(versions.size() - 1) + 1))) {
      throw TableErrors.concurrentCleanup(location.displayName());
    }
    Set<Long> tagged = new TreeSet<>();
    for (Tag t : table.tags()) {
      tagged.add(t.version());
    }
    TreeSet<Long> kept = new TreeSet<>();
    for (int i = versions.size() - 1; i >= 0; i--) {
      long v = versions.get(i);
      boolean newest = versions.size() - i <= options.retainVersions();
      if (newest
          || tagged.contains(v)
          || log.readCommitInfo(v).timestamp() >= options.olderThanMillis()) {
        kept.add(v);
      }
    }
    long oldestKept = minContiguous(versions, kept);
    long latestVersion = versions.get(versions.size() - 1);
    SortedSet<Long> needCheckpoint = kept.headSet(oldestKept, true);

    Set<String> referenced = new HashSet<>();
    Map<Long, TableState> states = new HashMap<>();

    for (Run run : Run.of(versions, kept::contains)) {
      log.forEachState(
          run.first(),
          run.last(),
          state -> {
            addFiles(state, referenced);
            if (state.version() == latestVersion || needCheckpoint.contains(state.version())) {
              states.put(state.version(), state);
            }
          });
    }
    for (String clone : new CloneRegistry(location).liveClones()) {
      TableLocation cloneLocation = new TableLocation(clone, location.conf());
      LogReader cloneLog = new LogReader(cloneLocation);
      for (Run run : Run.of(cloneLog.list().commits(), v -> true)) {
        cloneLog.forEachState(run.first(), run.last(), state -> addFiles(state, referenced));
      }
    }

    List<Long> versionsRemoved = versions.stream().filter(v -> !kept.contains(v)).toList();
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    List<Path> toDelete = new ArrayList<>();
    for (long v : versionsRemoved) {
      toDelete.add(LogFiles.commit(location.versionsDir(), v));
    }
    boolean checkpointsRemoved = false;
    for (FileStatus f : list(location.versionsDir())) {
      String name = f.getPath().getName();
      var checkpoint = LogFiles.checkpointVersion(name);
      if (checkpoint.isPresent()
          && checkpoint.getAsLong() < oldestKept
          && !kept.contains(checkpoint.getAsLong())) {
        toDelete.add(f.getPath());
        checkpointsRemoved = true;
      } else if (name.startsWith(".")
          && name.endsWith(".tmp")
          && now - f.getModificationTime() >= Math.max(thresholdMillis, TEMP_FILE_MIN_AGE_MILLIS)) {
        toDelete.add(f.getPath());
      }
    }
    // Log files go before data files: a cleanup cut short must never leave a listed version without
    // its data.
    for (String dir : List.of(TableLocation.DATA_DIR, TableLocation.DELETIONS_DIR)) {
      for (FileStatus f : list(location.resolve(dir))) {
        String uri = location.fs().makeQualified(f.getPath()).toString();
        if (f.isFile()
            && !referenced.contains(uri)
            && now - f.getModificationTime() >= thresholdMillis) {
          toDelete.add(f.getPath());
          bytes += f.getLen();
        }
      }
    }
    List<Path> emptiedIndexFolders = new ArrayList<>();
    for (FileStatus folder : list(location.resolve(TableLocation.INDEXES_DIR))) {
      if (!folder.isDirectory()) {
        continue;
      }
      FileStatus[] files = list(folder.getPath());
      int deleted = 0;
      for (FileStatus f : files) {
        String uri = location.fs().makeQualified(f.getPath()).toString();
        if (f.isFile()
            && !referenced.contains(uri)
            && now - f.getModificationTime() >= thresholdMillis) {
          toDelete.add(f.getPath());
          bytes += f.getLen();
          deleted++;
        }
      }
      if (deleted == files.length) {
        emptiedIndexFolders.add(folder.getPath());
      }
    }
    for (Path p : toDelete) {
      removed.add(location.fs().makeQualified(p).toString());
    }
    if (!options.dryRun()) {
      CheckpointWriter checkpoints = new CheckpointWriter(location);
      for (long v : needCheckpoint) {
        checkpoints.writeRequired(states.get(v));
      }
      if (checkpointsRemoved || !versionsRemoved.isEmpty()) {
        // Before anything goes, so the last-checkpoint hint never names a version whose later
        // commits are gone: readers find the latest version by probing the commits after it.
        checkpoints.write(states.get(latestVersion));
      }
      for (Path p : toDelete) {
        delete(p);
      }
      for (Path p : emptiedIndexFolders) {
        delete(p);
      }
    }
    return new CleanupResult(versionsRemoved, removed, bytes, options.dryRun());
  }

  /** The first version of the unbroken run of kept versions that ends at the latest. */
  private static long minContiguous(List<Long> versions, Set<Long> kept) {
    long min = versions.get(versions.size() - 1);
    for (int i = versions.size() - 1; i >= 0 && kept.contains(versions.get(i)); i--) {
      min = versions.get(i);
    }
    return min;
  }

  /** A maximal run of consecutive versions that are all kept: replayed forward as one. */
  private record Run(long first, long last) {
    static List<Run> of(List<Long> versions, Predicate<Long> kept) {
      List<Run> runs = new ArrayList<>();
      Run current = null;
      for (long v : versions) {
        if (!kept.test(v)) {
          current = null;
        } else if (current != null && v == current.last() + 1) {
          current = new Run(current.first(), v);
          runs.set(runs.size() - 1, current);
        } else {
          current = new Run(v, v);
          runs.add(current);
        }
      }
      return runs;
    }
  }

  private void addFiles(TableState state, Set<String> referenced) {
    for (VectorIndex index : state.indexes()) {
      index.paths().forEach(p -> referenced.add(qualified(p)));
    }
    for (Fragment f : state.fragments()) {
      for (DataFile d : f.files()) {
        referenced.add(qualified(d.path()));
      }
      if (f.deletionFile() != null) {
        referenced.add(qualified(f.deletionFile().path()));
      }
    }
  }

  private String qualified(String stored) {
    return location.fs().makeQualified(location.resolve(stored)).toString();
  }

  private FileStatus[] list(Path dir) {
    try {
      return location.fs().listStatus(dir);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    } catch (IOException e) {
      throw TableErrors.ioError("listing " + dir, e);
    }
  }

  private boolean exists(Path p) {
    try {
      return location.fs().exists(p);
    } catch (IOException e) {
      throw TableErrors.ioError("checking " + p, e);
    }
  }

  private void delete(Path p) {
    try {
      location.fs().delete(p, false);
    } catch (IOException e) {
      throw TableErrors.ioError("deleting " + p + " during cleanup", e);
    }
  }
}
