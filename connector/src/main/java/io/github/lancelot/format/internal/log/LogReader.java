package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableProperties;
import io.github.lancelot.format.internal.io.KnownLengthFiles;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.refs.TagStore;
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
 *
 * <p>A young log is listed: one listing names every commit and checkpoint and, on an object store,
 * gives each file's length, which saves a request per file read. A log whose last-checkpoint hint
 * names version {@value #PROBE_FROM_VERSION_DEFAULT} or later (the threshold is the Hadoop setting
 * {@value #PROBE_FROM_VERSION}) is not listed to open it, since a listing grows with the table's
 * age: the latest version is the hinted checkpoint plus the commits found after it by name, an
 * earlier version starts from the nearest checkpoint found by name below it, and a short history
 * reads only its own commits. Whenever those probes do not lead to the version asked for, the log
 * is listed as for a young table.
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

  /**
   * The Hadoop setting naming the checkpoint version from which a table is opened from its
   * last-checkpoint hint without listing its log.
   */
  public static final String PROBE_FROM_VERSION = "lancelot.log.probe-from-version";

  /**
   * A thousand versions: S3 lists a thousand names per request, so a younger log is listed in one
   * request, and listing it saves a request per file read.
   */
  public static final long PROBE_FROM_VERSION_DEFAULT = 1_000;

  /**
   * Checkpoint names tried below a version to time-travel to: the default checkpoint interval, so a
   * table written with the default finds one.
   */
  private static final int CHECKPOINT_PROBES = 10;

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

  /** Whether the table has a version: its hinted commit is there, or a listing finds one. */
  public boolean tableExists() {
    OptionalLong hint = probingHint();
    if (hint.isPresent() && exists(LogFiles.commit(location.versionsDir(), hint.getAsLong()))) {
      return true;
    }
    return !list().isEmpty();
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
    if (version.isEmpty()) {
      return loadLatestFromHint().orElseGet(() -> loadListed(list(), version));
    }
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
    } else if (hinted.isPresent() && probes(hinted.getAsLong())) {
      Optional<TableState> below = loadFromCheckpointBelow(version.getAsLong());
      if (below.isPresent()) {
        return below.get();
      }
    }
    return loadListed(list(), version);
  }

  /** The hint's version, if the hint is readable and names a version from which logs are probed. */
  private OptionalLong probingHint() {
    OptionalLong hint = LastCheckpointHint.read(location);
    return hint.isPresent() && probes(hint.getAsLong()) ? hint : OptionalLong.empty();
  }

  private static int checkpointInterval(TableState state) {
    try {
      return TableProperties.intValue(
          state.metadata().properties(),
          TableProperties.CHECKPOINT_INTERVAL,
          TableProperties.CHECKPOINT_INTERVAL_DEFAULT);
    } catch (RuntimeException e) {
      return TableProperties.CHECKPOINT_INTERVAL_DEFAULT;
    }
  }

  private boolean probes(long hintedVersion) {
    return hintedVersion >= location.conf().getLong(PROBE_FROM_VERSION, PROBE_FROM_VERSION_DEFAULT);
  }

  /**
   * The latest state, from the hinted checkpoint and the commits found after it by name; empty when
   * a listing must decide: no usable hint, a hint more than two checkpoint intervals behind (a
   * newer checkpoint is then likely), or no commit after the hinted one on a table with tags
   * (cleanup may have removed the commits after a tagged version, and the hint may name it).
   */
  private Optional<TableState> loadLatestFromHint() {
    OptionalLong hint = probingHint();
    if (hint.isEmpty()) {
      return Optional.empty();
    }
    long hinted = hint.getAsLong();
    Optional<TableState> checkpoint = readCheckpoint(hinted, NO_LISTING);
    if (checkpoint.isEmpty()) {
      return Optional.empty();
    }
    TableState state = checkpoint.get();
    long stale = 2L * checkpointInterval(state);
    while (true) {
      Path next = LogFiles.commit(location.versionsDir(), state.version() + 1);
      List<Action> actions;
      try {
        actions = readFile(next);
      } catch (FileNotFoundException e) {
        break;
      }
      state = state.apply(actions, next.toString());
      checkReadable(state);
      if (state.version() - hinted > stale) {
        LOG.debug(
            "The last-checkpoint hint of {} is stale; listing instead", location.displayName());
        return Optional.empty();
      }
    }
    if (state.version() == hinted
        && (!exists(LogFiles.commit(location.versionsDir(), hinted))
            || !new TagStore(location).list().isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(state);
  }

  /**
   * The state at {@code version}, from the nearest checkpoint found by name at most {@value
   * #CHECKPOINT_PROBES} versions below it (or from the start, for an early version), replaying the
   * commits up to it; empty when there is none or a commit on the way is missing.
   */
  private Optional<TableState> loadFromCheckpointBelow(long version) {
    TableState start = null;
    for (long v = version; v > 0 && v > version - CHECKPOINT_PROBES; v--) {
      if (exists(LogFiles.checkpoint(location.versionsDir(), v))) {
        Optional<TableState> checkpoint = readCheckpoint(v, NO_LISTING);
        if (checkpoint.isEmpty()) {
          return Optional.empty();
        }
        start = checkpoint.get();
        break;
      }
    }
    if (start == null) {
      if (version > CHECKPOINT_PROBES) {
        return Optional.empty();
      }
      start = TableState.empty();
    }
    if (start.version() == version && !exists(LogFiles.commit(location.versionsDir(), version))) {
      return Optional.empty();
    }
    try {
      return Optional.of(replay(start, version, NO_LISTING, state -> {}));
    } catch (MissingCommitException e) {
      return Optional.empty();
    }
  }

  /**
   * The state at the latest version, or empty when the table does not exist; the log is listed
   * once.
   */
  public Optional<TableState> loadLatestIfExists() {
    Optional<TableState> hinted = loadLatestFromHint();
    if (hinted.isPresent()) {
      return hinted;
    }
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

  /**
   * Commit infos, newest first, at most {@code limit}. With a limit, on a log old enough to be
   * probed, only the newest {@code limit} commits are read, down from the latest version found
   * after the hint.
   */
  public List<CommitInfo> history(int limit) {
    if (limit < Integer.MAX_VALUE) {
      Optional<List<CommitInfo>> recent = recentHistory(limit);
      if (recent.isPresent()) {
        return recent.get();
      }
    }
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

  /**
   * The newest {@code limit} commit infos, down from the latest version found after the hint; empty
   * when a listing must decide (see {@link #loadLatestFromHint}) or a commit on the way is missing,
   * which a cleanup leaves before a tagged version.
   */
  private Optional<List<CommitInfo>> recentHistory(int limit) {
    OptionalLong hint = probingHint();
    if (hint.isEmpty()) {
      return Optional.empty();
    }
    long latest = hint.getAsLong();
    while (exists(LogFiles.commit(location.versionsDir(), latest + 1))) {
      latest++;
    }
    if (latest == hint.getAsLong()
        && (!exists(LogFiles.commit(location.versionsDir(), latest))
            || !new TagStore(location).list().isEmpty())) {
      return Optional.empty();
    }
    List<CommitInfo> out = new ArrayList<>();
    for (long v = latest; v >= 1 && out.size() < limit; v--) {
      try {
        List<Action> actions = readCommit(v);
        if (actions.isEmpty() || actions.get(0).commitInfo() == null) {
          Path file = LogFiles.commit(location.versionsDir(), v);
          throw TableErrors.corruptFile(
              file.toString(), "the first line is not a commitInfo action");
        }
        out.add(actions.get(0).commitInfo());
      } catch (FileNotFoundException e) {
        return Optional.empty();
      }
    }
    return Optional.of(out);
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
