package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.KnownLengthFiles;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a table's log: which versions exist, the actions of one commit, and the state at a version,
 * rebuilt from at most one checkpoint plus the commits after it.
 */
public final class LogReader {
  private static final Logger LOG = LoggerFactory.getLogger(LogReader.class);

  /**
   * The commit and checkpoint versions present in {@code _versions/}, ascending, and the length of
   * each listed file by name, so reading one needs no further request for its metadata.
   */
  public record Listing(List<Long> commits, List<Long> checkpoints, Map<String, Long> lengths) {
    public Listing(List<Long> commits, List<Long> checkpoints) {
      this(commits, checkpoints, Map.of());
    }

    OptionalLong length(Path file) {
      Long length = lengths.get(file.getName());
      return length == null ? OptionalLong.empty() : OptionalLong.of(length);
    }

    public boolean isEmpty() {
      return commits.isEmpty();
    }

    public long latest() {
      return commits.get(commits.size() - 1);
    }
  }

  /** No listing at hand: every file's length is asked of the store as it is opened. */
  private static final Listing NO_LISTING = new Listing(List.of(), List.of());

  private final TableLocation location;

  public LogReader(TableLocation location) {
    this.location = location;
  }

  public Listing list() {
    TreeSet<Long> commits = new TreeSet<>();
    TreeSet<Long> checkpoints = new TreeSet<>();
    Map<String, Long> lengths = new HashMap<>();
    try {
      for (FileStatus s : location.fs().listStatus(location.versionsDir())) {
        String name = s.getPath().getName();
        LogFiles.commitVersion(name).ifPresent(commits::add);
        LogFiles.checkpointVersion(name).ifPresent(checkpoints::add);
        if (s.isFile()) {
          lengths.put(name, s.getLen());
        }
      }
    } catch (FileNotFoundException e) {
      try {
        if (location.fs().getFileStatus(location.root()).isFile()) {
          throw TableErrors.notATableFolder(location.displayName());
        }
      } catch (FileNotFoundException missing) {
        // neither a table nor anything else yet
      } catch (IOException io) {
        throw TableErrors.ioError("checking " + location.root(), io);
      }
      return new Listing(List.of(), List.of());
    } catch (IOException e) {
      throw TableErrors.ioError("listing " + location.versionsDir(), e);
    }
    return new Listing(List.copyOf(commits), List.copyOf(checkpoints), Map.copyOf(lengths));
  }

  private boolean exists(Path file) {
    try {
      return location.fs().exists(file);
    } catch (IOException e) {
      return false;
    }
  }

  public List<Action> readCommit(long version) throws FileNotFoundException {
    return readFile(LogFiles.commit(location.versionsDir(), version));
  }

  /** The commit's first action, which the format requires to be its commitInfo. */
  public CommitInfo readCommitInfo(long version) {
    Path file = LogFiles.commit(location.versionsDir(), version);
    try {
      List<Action> actions = readFile(file);
      if (actions.isEmpty() || actions.get(0).commitInfo() == null) {
        throw TableErrors.corruptFile(file.toString(), "the first line is not a commitInfo action");
      }
      return actions.get(0).commitInfo();
    } catch (FileNotFoundException e) {
      throw TableErrors.missingCommit(location.displayName(), version, file.toString());
    }
  }

  private List<Action> readFile(Path file) throws FileNotFoundException {
    return readFile(file, OptionalLong.empty());
  }

  /** Reads a log file; with its length known from a listing, without asking the store for it. */
  private List<Action> readFile(Path file, OptionalLong length) throws FileNotFoundException {
    try (FSDataInputStream in =
        length.isPresent()
            ? KnownLengthFiles.open(location.fs(), file, length.getAsLong())
            : location.fs().open(file)) {
      return LogCodec.decode(in, file.toString());
    } catch (FileNotFoundException e) {
      throw e;
    } catch (IOException e) {
      throw TableErrors.unreadableFile(file.toString(), e);
    }
  }

  /** The state at {@code version}, or at the latest version when empty. */
  public TableState load(OptionalLong version) {
    if (version.isPresent()) {
      OptionalLong hinted = LastCheckpointHint.read(location);
      // A hint naming the version asked for must have that version's commit beside it: a
      // checkpoint alone, beyond the last commit, invents no version.
      if (hinted.isPresent()
          && hinted.getAsLong() <= version.getAsLong()
          && (hinted.getAsLong() < version.getAsLong()
              || exists(LogFiles.commit(location.versionsDir(), hinted.getAsLong())))) {
        Optional<TableState> checkpoint = readCheckpoint(hinted.getAsLong(), NO_LISTING);
        if (checkpoint.isPresent()) {
          try {
            return replay(checkpoint.get(), version.getAsLong(), NO_LISTING, state -> {});
          } catch (MissingCommitException e) {
            LOG.debug(
                "Version {} is not reachable from the last-checkpoint hint; listing instead",
                version);
          }
        }
      }
    }
    return loadListed(list(), version);
  }

  /**
   * The state at the latest version, or empty when the table does not exist; the log is listed
   * once.
   */
  public Optional<TableState> loadLatestIfExists() {
    Listing listing = list();
    return listing.isEmpty()
        ? Optional.empty()
        : Optional.of(loadListed(listing, OptionalLong.empty()));
  }

  /**
   * The state at the last version committed at or before {@code timestampMillis}; the log is listed
   * once.
   */
  public TableState loadAsOf(long timestampMillis) {
    Listing listing = list();
    return loadListed(listing, OptionalLong.of(versionAsOf(listing, timestampMillis)));
  }

  /**
   * Loads from a listing, listing again when a cleanup removed commits between the listing and the
   * replay.
   */
  private TableState loadListed(Listing first, OptionalLong version) {
    Listing listing = first;
    for (int attempt = 1; ; attempt++) {
      try {
        return loadListedOnce(listing, version);
      } catch (MissingCommitException e) {
        if (attempt >= 5) {
          throw TableErrors.missingCommit(location.displayName(), e.version, e.file);
        }
        listing = list();
      }
    }
  }

  private TableState loadListedOnce(Listing listing, OptionalLong version)
      throws MissingCommitException {
    if (listing.isEmpty()) {
      throw TableErrors.tableNotFound(location.displayName());
    }
    long target = version.orElse(listing.latest());
    if (Collections.binarySearch(listing.commits(), target) < 0) {
      if (target >= 1 && target < listing.latest() && listing.commits().get(0) > 1) {
        throw TableErrors.versionCleanedUp(
            location.displayName(), target, listing.commits().get(0));
      }
      throw TableErrors.versionNotFound(location.displayName(), target, listing.commits());
    }
    TableState start = TableState.empty();
    List<Long> checkpoints = listing.checkpoints();
    for (int i = checkpoints.size() - 1; i >= 0; i--) {
      // A checkpoint summarises its commit: one without it (a checkpoint beyond the last commit)
      // is no version of this table.
      if (checkpoints.get(i) <= target
          && Collections.binarySearch(listing.commits(), checkpoints.get(i)) >= 0) {
        Optional<TableState> checkpoint = readCheckpoint(checkpoints.get(i), listing);
        if (checkpoint.isPresent()) {
          start = checkpoint.get();
          break;
        }
      }
    }
    return replay(start, target, listing, state -> {});
  }

  /** The checkpoint's state, or empty (with a warning) if it is missing, damaged or unreadable. */
  private Optional<TableState> readCheckpoint(long version, Listing listing) {
    Path file = LogFiles.checkpoint(location.versionsDir(), version);
    try {
      TableState state =
          TableState.fromCheckpoint(readFile(file, listing.length(file)), file.toString(), version);
      checkReadable(state);
      return Optional.of(state);
    } catch (FileNotFoundException e) {
      LOG.warn(
          "Checkpoint {} of table {} is missing; reading commits instead",
          version,
          location.displayName());
    } catch (io.github.lancelot.format.UnsupportedProtocolException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn(
          "Checkpoint {} of table {} is unusable, reading commits instead: {}",
          version,
          location.displayName(),
          e.getMessage());
    }
    return Optional.empty();
  }

  private TableState replay(
      TableState start, long target, Listing listing, Consumer<TableState> visitor)
      throws MissingCommitException {
    TableState state = start;
    for (long v = start.version() + 1; v <= target; v++) {
      Path file = LogFiles.commit(location.versionsDir(), v);
      try {
        state = state.apply(readFile(file, listing.length(file)), file.toString());
      } catch (FileNotFoundException e) {
        throw new MissingCommitException(v, file.toString());
      }
      checkReadable(state);
      visitor.accept(state);
    }
    return state;
  }

  /**
   * Passes the state at each version from {@code first} to {@code last}, ascending, to {@code
   * visitor}, for a reader that needs every one of them (cleanup): the first is loaded from the
   * nearest usable checkpoint and each later one is the previous state with its commit applied, so
   * every commit of the range is read once.
   */
  public void forEachState(long first, long last, Consumer<TableState> visitor) {
    TableState state = load(OptionalLong.of(first));
    visitor.accept(state);
    try {
      replay(state, last, NO_LISTING, visitor);
    } catch (MissingCommitException e) {
      throw TableErrors.missingCommit(location.displayName(), e.version, e.file);
    }
  }

  private void checkReadable(TableState state) {
    if (state.protocol().readerVersion() > Protocol.READER_VERSION) {
      throw TableErrors.unsupportedReaderVersion(
          location.displayName(), state.protocol().readerVersion(), Protocol.READER_VERSION);
    }
  }

  /**
   * The last version committed at or before {@code timestampMillis}; commit timestamps increase
   * with versions.
   */
  public long versionAsOf(long timestampMillis) {
    return versionAsOf(list(), timestampMillis);
  }

  private long versionAsOf(Listing listing, long timestampMillis) {
    if (listing.isEmpty()) {
      throw TableErrors.tableNotFound(location.displayName());
    }
    List<Long> versions = listing.commits();
    int lo = 0;
    int hi = versions.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (readCommitInfo(versions.get(mid)).timestamp() <= timestampMillis) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0) {
      long first = versions.get(0);
      throw TableErrors.noVersionAtTimestamp(
          location.displayName(), timestampMillis, first, readCommitInfo(first).timestamp());
    }
    return versions.get(found);
  }

  /** Commit infos, newest first, at most {@code limit}. */
  public List<CommitInfo> history(int limit) {
    Listing listing = list();
    if (listing.isEmpty()) {
      throw TableErrors.tableNotFound(location.displayName());
    }
    List<CommitInfo> out = new ArrayList<>();
    List<Long> versions = listing.commits();
    for (int i = versions.size() - 1; i >= 0 && out.size() < limit; i--) {
      out.add(readCommitInfo(versions.get(i)));
    }
    return out;
  }

  /** A commit between a checkpoint and the target is missing. */
  private static final class MissingCommitException extends Exception {
    final long version;
    final String file;

    MissingCommitException(long version, String file) {
      super(file, null, false, false);
      this.version = version;
      this.file = file;
    }
  }
}
