package io.github.lancelot.format.internal.commit;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentLineage;
import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableProperties;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.Action;
import io.github.lancelot.format.internal.log.CheckpointWriter;
import io.github.lancelot.format.internal.log.LogCodec;
import io.github.lancelot.format.internal.log.LogFiles;
import io.github.lancelot.format.internal.log.LogReader;
import io.github.lancelot.format.internal.log.Metadata;
import io.github.lancelot.format.internal.log.Protocol;
import io.github.lancelot.format.internal.log.TableState;
import io.github.lancelot.format.internal.store.LogStores;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol: writes a commit as the next version with put-if-absent, and when another
 * writer got there first, reads the winning commits, checks them against {@link ConflictChecker}'s
 * rules and tries again at the next version, a bounded number of times with jittered exponential
 * backoff.
 */
public final class Committer {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  private static final long BACKOFF_START_MILLIS = 5;
  private static final long BACKOFF_MAX_MILLIS = 1_000;

  private final TableLocation location;
  private final LogStore store;
  private final LogReader reader;

  public Committer(TableLocation location) {
    this.location = location;
    this.store = LogStores.forTable(location);
    this.reader = new LogReader(location);
  }

  /**
   * Commits {@code intent} on top of {@code base} (empty when creating) and returns the new state.
   */
  public TableState commit(TableState base, CommitIntent intent) {
    if (!intent.createsTable() && base.protocol().writerVersion() > Protocol.WRITER_VERSION) {
      throw TableErrors.unsupportedWriterVersion(
          location.displayName(), base.protocol().writerVersion(), Protocol.WRITER_VERSION);
    }
    String transactionId = UUID.randomUUID().toString();
    Map<String, String> properties =
        intent.metadata() != null ? intent.metadata().properties() : base.metadata().properties();
    int maxAttempts;
    try {
      maxAttempts =
          TableProperties.intValue(
              properties,
              TableProperties.COMMIT_MAX_ATTEMPTS,
              TableProperties.COMMIT_MAX_ATTEMPTS_DEFAULT);
    } catch (RuntimeException e) {
      maxAttempts = TableProperties.COMMIT_MAX_ATTEMPTS_DEFAULT;
    }
    checkBatchNotCommitted(base, intent);
    TableState current = base;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long version = current.version() + 1;
      List<Action> actions = actionsFor(current, intent, version, transactionId, base.version());
      Path file = LogFiles.commit(location.versionsDir(), version);
      boolean lost;
      try {
        store.writeIfAbsent(file, LogCodec.encode(actions));
        lost = false;
      } catch (FileAlreadyExistsException e) {
        lost = true;
      } catch (IOException e) {
        lost = !isOurs(version, transactionId, file, e);
      }
      if (!lost) {
        TableState committed = current.apply(actions, file.toString());
        CommittedVersions.committed(location.displayName(), committed.version());
        maybeCheckpoint(committed);
        return committed;
      }
      if (intent.createsTable()) {
        throw TableErrors.tableAlreadyExists(location.displayName());
      }
      if (attempt < maxAttempts) {
        backoff(attempt);
      }
      current = catchUp(current, intent, base.version());
    }
    throw TableErrors.tooManyCommitAttempts(
        location.displayName(), intent.operation(), maxAttempts, current.version());
  }

  /** After an I/O error: whether the file now at {@code version} is this commit. */
  private boolean isOurs(long version, String transactionId, Path file, IOException cause) {
    try {
      List<Action> stored = reader.readCommit(version);
      return transactionId.equals(stored.get(0).commitInfo().transactionId());
    } catch (FileNotFoundException e) {
      throw TableErrors.commitFailed(location.displayName(), version, cause);
    } catch (RuntimeException e) {
      throw TableErrors.commitStateUnknown(location.displayName(), version, file.toString(), cause);
    }
  }

  /**
   * Applies every commit that won since {@code current}, failing on the first one this intent
   * conflicts with.
   */
  private TableState catchUp(TableState current, CommitIntent intent, long readVersion) {
    TableState state = current;
    while (true) {
      long next = state.version() + 1;
      List<Action> winner;
      try {
        winner = reader.readCommit(next);
      } catch (FileNotFoundException e) {
        return state;
      }
      Path file = LogFiles.commit(location.versionsDir(), next);
      TableState after = state.apply(winner, file.toString());
      checkBatchNotCommitted(after, intent);
      ConflictChecker.check(location.displayName(), readVersion, intent, state, winner);
      LOG.debug(
          "Rebasing {} on version {} of {}", intent.operation(), next, location.displayName());
      state = after;
    }
  }

  /** Refuses a commit of an application batch the table already records at {@code state}. */
  private void checkBatchNotCommitted(TableState state, CommitIntent intent) {
    if (intent.txn() == null) {
      return;
    }
    long recorded = state.appVersion(intent.txn().appId());
    if (recorded >= intent.txn().version()) {
      throw TableErrors.batchAlreadyCommitted(
          location.displayName(), intent.txn().appId(), intent.txn().version(), recorded);
    }
  }

  private List<Action> actionsFor(
      TableState current,
      CommitIntent intent,
      long version,
      String transactionId,
      long readVersion) {
    List<Action> body = new ArrayList<>();
    if (intent.protocol() != null) {
      body.add(Action.of(intent.protocol()));
    }
    if (intent.metadata() != null) {
      body.add(Action.of(intent.metadata()));
    }
    intent.removed().forEach(id -> body.add(Action.remove(id)));
    intent.replaced().forEach(f -> body.add(Action.add(f)));
    intent.removedIndexes().forEach(name -> body.add(Action.removeIndex(name)));
    intent.addedIndexes().forEach(i -> body.add(Action.add(i.withCreatedVersion(version))));
    if (intent.txn() != null) {
      body.add(Action.of(intent.txn()));
    }
    long nextId = current.maxFragmentId();
    long nextRowId = current.rowIdHighWaterMark();
    long rowsAdded = 0;
    long bytesAdded = 0;
    for (Fragment f : intent.added()) {
      body.add(Action.add(f.withId(++nextId).withLineage(new FragmentLineage(nextRowId, version))));
      nextRowId += f.physicalRows();
      rowsAdded += f.physicalRows();
      bytesAdded += f.dataSizeInBytes();
    }
    Map<String, Long> metrics = new TreeMap<>(intent.metrics());
    metrics.putIfAbsent("numAddedFragments", (long) intent.added().size());
    metrics.putIfAbsent("numRemovedFragments", (long) intent.removed().size());
    metrics.putIfAbsent("numRewrittenFragments", (long) intent.replaced().size());
    metrics.putIfAbsent("numAddedRows", rowsAdded);
    metrics.putIfAbsent("numAddedBytes", bytesAdded);
    long previous = current.commitInfo() == null ? 0 : current.commitInfo().timestamp();
    long timestamp = Math.max(System.currentTimeMillis(), previous + 1);
    CommitInfo info =
        new CommitInfo(
            version,
            timestamp,
            intent.operation(),
            intent.parameters(),
            readVersion,
            transactionId,
            intent.blindAppend(),
            metrics,
            intent.engineInfo(),
            body.size() + 1);
    List<Action> actions = new ArrayList<>();
    actions.add(Action.of(info));
    actions.addAll(body);
    return actions;
  }

  private void maybeCheckpoint(TableState committed) {
    Metadata m = committed.metadata();
    int interval;
    try {
      interval =
          TableProperties.intValue(
              m.properties(),
              TableProperties.CHECKPOINT_INTERVAL,
              TableProperties.CHECKPOINT_INTERVAL_DEFAULT);
    } catch (RuntimeException e) {
      LOG.warn(
          "Ignoring {} of table {}: {}",
          TableProperties.CHECKPOINT_INTERVAL,
          location.displayName(),
          e.getMessage());
      interval = TableProperties.CHECKPOINT_INTERVAL_DEFAULT;
    }
    if (committed.version() % interval == 0) {
      new CheckpointWriter(location).write(committed);
    }
  }

  private static void backoff(int attempt) {
    long cap = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_START_MILLIS << Math.min(attempt, 20));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TableErrors.ioError("waiting to retry a commit", e);
    }
  }
}
