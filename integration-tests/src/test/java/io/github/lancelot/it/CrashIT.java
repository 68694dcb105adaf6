package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.lancelot.format.CleanupOptions;
import io.github.lancelot.format.CleanupResult;
import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process ({@link CrashWriter}) is killed with SIGKILL at random moments while it appends,
 * deletes and merges, and restarted each time; after every kill the table must open at a consistent
 * latest version whose rows are exactly what the committed versions say, and the next writer must
 * carry on. At the end a cleanup must remove the files the killed writers left behind and keep
 * every file the table uses.
 *
 * <p>The oracle is the table's own history: each commit records the ids it added and deleted in its
 * operationParameters, so a kill after a commit became visible but before the writer logged it is
 * still accounted for. The writers' durable logs are cross-checked against it.
 */
class CrashIT {
  static final int WRITES = 50;
  static final int KILLS = 8;
  static final long SEED = Long.getLong("crash.seed", 20_251_126L);
  static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(2);

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    ProcessTables.killAll(started);
    allocator.close();
  }

  /** One writer process's run. */
  record Incarnation(int gen, Path log, Path err, boolean killed) {}

  @Test
  void aWriterKilledEightTimesLeavesAConsistentTableThatCleanupTidies() throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + DEADLINE_NANOS;
    Path tableDir = dir.resolve("table");
    Table created = Table.forPath(tableDir.toUri().toString(), new Configuration());
    created
        .createTable(
            ProcessTables.schema(),
            Map.of(
                TableProperties.CHECKPOINT_INTERVAL, "4",
                TableProperties.CLEANUP_RETENTION_HOURS, "0"))
        .commit();
    String uri = created.location();
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Random random = new Random(SEED);
    List<Incarnation> incarnations = new ArrayList<>();
    long rowsChecked = 0;
    int kills = 0;
    int idleKills = 0;
    // Pace: how long a fresh writer takes to its first commit, and then per write (estimates,
    // updated as we go).
    double warmUpMillis = 1000;
    double millisPerWrite = 30;
    List<Long> warmUps = new ArrayList<>();
    List<Long> steps = new ArrayList<>();
    Check check = null;

    for (int gen = 1; ; gen++) {
      Path log = logs.resolve("writer-" + gen + ".log");
      Path err = logs.resolve("writer-" + gen + ".err");
      // A writer to be killed leaves at least one write for each later kill (it waits once it has
      // done its share).
      long lastWrite = WRITES - Math.max(0, KILLS - kills - 1);
      Process p =
          new ProcessBuilder(
                  ProcessTables.javaCommand(
                      CrashWriter.class,
                      uri,
                      log.toString(),
                      String.valueOf(gen),
                      String.valueOf(WRITES),
                      String.valueOf(SEED),
                      String.valueOf(lastWrite)))
              .redirectOutput(logs.resolve("writer-" + gen + ".out").toFile())
              .redirectError(err.toFile())
              .start();
      started.add(p);
      boolean killed = false;
      if (kills < KILLS) {
        // Kill at a random moment after the writer is up, aiming at about an equal share of the
        // writes left
        // for each remaining writer, so that every kill lands while there is still work to do.
        while (ProcessTables.completeLines(log).stream().noneMatch(l -> l.startsWith("started "))) {
          if (!p.isAlive()) {
            fail(
                "writer %d exited with %d before starting; stderr:%n%s",
                gen, p.exitValue(), ProcessTables.readQuietly(err));
          }
          assertThat(System.nanoTime()).as("writer %d started in time", gen).isLessThan(deadline);
          Thread.sleep(5);
        }
        long left =
            WRITES - (Table.forPath(uri, new Configuration()).latestSnapshot().version() - 1);
        double share = Math.max(1.0, (double) left / (KILLS - kills + 1));
        if (kills % 2 == 0) {
          // Anywhere: reading the table, writing data files or deletion vectors, committing,
          // checkpointing.
          long delay =
              (long) (random.nextDouble() * 2 * (warmUpMillis + millisPerWrite * (share - 1)));
          p.waitFor(delay, TimeUnit.MILLISECONDS);
        } else {
          // Around a commit: 0-25 ms after the writer says a write's files are written and it is
          // committing.
          int write = 1 + random.nextInt((int) Math.ceil(share));
          long micros = random.nextInt(25_000);
          while (p.isAlive()
              && ProcessTables.completeLines(log).stream()
                      .filter(l -> l.startsWith("begin "))
                      .count()
                  < write) {
            assertThat(System.nanoTime())
                .as("writer %d reached write %d in time", gen, write)
                .isLessThan(deadline);
            Thread.sleep(0, 200_000);
          }
          java.util.concurrent.locks.LockSupport.parkNanos(micros * 1_000);
        }
        if (p.isAlive()) {
          if (ProcessTables.completeLines(log).stream().anyMatch(l -> l.startsWith("holding "))) {
            idleKills++;
          }
          p.destroyForcibly();
          assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
          assertThat(p.exitValue())
              .as("exit status of the killed writer %d (SIGKILL)", gen)
              .isEqualTo(137);
          killed = true;
          kills++;
        }
      }
      if (!killed) {
        long left = Math.max(0, deadline - System.nanoTime());
        assertThat(p.waitFor(left, TimeUnit.NANOSECONDS))
            .as("writer %d finished in time", gen)
            .isTrue();
        assertThat(p.exitValue())
            .as("exit status of writer %d; stderr:%n%s", gen, ProcessTables.readQuietly(err))
            .isZero();
      }
      incarnations.add(new Incarnation(gen, log, err, killed));

      // Pace the next kill by how fast this writer went.
      List<String> lines = ProcessTables.completeLines(log);
      long startedAt =
          lines.stream()
              .filter(l -> l.startsWith("started "))
              .mapToLong(CrashIT::time)
              .findFirst()
              .orElse(0);
      List<Long> commitTimes =
          lines.stream().filter(l -> l.startsWith("committed ")).map(CrashIT::time).toList();
      if (!commitTimes.isEmpty()) {
        warmUps.add(commitTimes.get(0) - startedAt);
        warmUpMillis = warmUps.stream().mapToLong(Long::longValue).average().orElseThrow();
      }
      for (int i = 1; i < commitTimes.size(); i++) {
        steps.add(commitTimes.get(i) - commitTimes.get(i - 1));
        millisPerWrite =
            Math.max(5, steps.stream().mapToLong(Long::longValue).average().orElseThrow());
      }

      check = checkTable(uri, incarnations);
      rowsChecked += check.rows;
      System.out.printf(
          "CrashIT: writer %d %s; table at version %d with %d rows (%d writes logged by it, "
              + "%d visible but unlogged so far)%n",
          gen,
          killed ? "killed (SIGKILL)" : "finished",
          check.latestVersion,
          check.rows,
          commitTimes.size(),
          check.unlogged);
      if (!killed) {
        break;
      }
    }
    assertThat(kills).as("kills before the %d writes were done", WRITES).isEqualTo(KILLS);

    Table table = Table.forPath(uri, new Configuration());
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(WRITES + 1);
    List<CommitInfo> history = oldestFirst(table.history());

    // Every version, by time travel, holds exactly the rows its history says.
    Map<Long, String> expected = new TreeMap<>();
    Set<String> everReferenced = new TreeSet<>();
    for (CommitInfo info : history) {
      apply(expected, info);
      Snapshot s = table.snapshotAt(info.version());
      assertThat(ProcessTables.rows(s, allocator))
          .as("rows of version %d", info.version())
          .isEqualTo(expected);
      assertThat(s.numRows()).isEqualTo(expected.size());
      rowsChecked += expected.size();
      everReferenced.addAll(files(s));
    }
    Map<Long, String> finalRows = new TreeMap<>(expected);

    Set<String> beforeCleanup = tableFiles(tableDir);
    Set<String> orphans = new TreeSet<>(beforeCleanup);
    orphans.removeAll(everReferenced);
    Set<String> tempFiles = hiddenTemps(tableDir.resolve("_versions"));
    System.out.printf(
        "CrashIT: before cleanup %d data/deletion files, %d referenced by some version, %d orphaned "
            + "by killed writers, %d hidden temp files in _versions%n",
        beforeCleanup.size(), everReferenced.size(), orphans.size(), tempFiles.size());
    assertThat(everReferenced)
        .as("every file some version references exists")
        .isSubsetOf(beforeCleanup);

    CleanupResult result = table.cleanup(new CleanupOptions(Long.MAX_VALUE, 1, false, true));
    assertThat(result.dryRun()).isFalse();
    assertThat(result.versionsRemoved())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, WRITES).boxed().toList());

    Table reopened = Table.forPath(uri, new Configuration());
    assertThat(reopened.versions()).containsExactly((long) WRITES + 1);
    Snapshot after = reopened.latestSnapshot();
    assertThat(after.version()).isEqualTo(WRITES + 1);
    assertThat(ProcessTables.rows(after, allocator)).isEqualTo(finalRows);
    rowsChecked += finalRows.size();
    Set<String> referenced = files(after);
    Set<String> remaining = tableFiles(tableDir);
    assertThat(remaining)
        .as("files left after cleanup: exactly those the kept version references")
        .isEqualTo(referenced);
    for (String orphan : orphans) {
      assertThat(remaining).as("orphan %s removed", orphan).doesNotContain(orphan);
      assertThat(result.filesRemoved())
          .as("orphan %s reported", orphan)
          .anyMatch(f -> f.endsWith("/" + orphan));
    }
    assertThat(crcWithoutFile(tableDir.resolve("data")))
        .as("checksum sidecars of deleted data files")
        .isEmpty();
    assertThat(crcWithoutFile(tableDir.resolve("_deletions")))
        .as("checksum sidecars of deleted deletion vectors")
        .isEmpty();
    assertThatThrownBy(() -> reopened.snapshotAt(2)).isInstanceOf(LancelotException.class);
    System.out.printf(
        "CrashIT: cleanup removed %d files (%d bytes of data); left in _versions: %d hidden temp files, "
            + "%d checksum sidecars without their file%n",
        result.filesRemoved().size(),
        result.bytesRemoved(),
        hiddenTemps(tableDir.resolve("_versions")).size(),
        crcWithoutFile(tableDir.resolve("_versions")).size());

    // The cleaned table stays writable: one more write by a fresh writer process.
    Path log = logs.resolve("writer-extra.log");
    Path err = logs.resolve("writer-extra.err");
    Process extra =
        new ProcessBuilder(
                ProcessTables.javaCommand(
                    CrashWriter.class,
                    uri,
                    log.toString(),
                    "99",
                    String.valueOf(WRITES + 1),
                    String.valueOf(SEED)))
            .redirectError(err.toFile())
            .redirectOutput(logs.resolve("writer-extra.out").toFile())
            .start();
    started.add(extra);
    assertThat(extra.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(extra.exitValue()).as("stderr:%n%s", ProcessTables.readQuietly(err)).isZero();
    Snapshot last = reopened.latestSnapshot();
    assertThat(last.version()).isEqualTo(WRITES + 2);
    apply(finalRows, last.commitInfo());
    assertThat(ProcessTables.rows(last, allocator)).isEqualTo(finalRows);
    rowsChecked += finalRows.size();

    System.out.printf(
        "CrashIT: %d of the kills hit a writer that had done its share and was waiting%n",
        idleKills);
    System.out.printf(
        "CrashIT: seed %d, %d writer processes, %d commits visible before their log line, "
            + "%.0f ms to a fresh writer's first commit, %.0f ms per write after that, %.1f s%n",
        SEED,
        incarnations.size(),
        check.unlogged,
        warmUpMillis,
        millisPerWrite,
        (System.nanoTime() - t0) / 1e9);
    long writerCommits =
        reopened.history().stream()
            .filter(i -> i.operationParameters().containsKey(CrashWriter.SEQ))
            .mapToLong(i -> i.version() - 1)
            .max()
            .orElse(0);
    System.out.printf(
        "SUMMARY crashes: %d kills survived, %d commits, %d rows checked%n",
        kills, writerCommits, rowsChecked);
  }

  private record Check(long latestVersion, long rows, long unlogged) {}

  /**
   * Opens the table afresh and checks that it is consistent: versions 1..latest without gaps, write
   * {@code n} at version {@code n + 1}, the latest rows equal to the history's changes, and the
   * writers' logs in agreement with the history.
   */
  private Check checkTable(String uri, List<Incarnation> incarnations) {
    Table table = Table.forPath(uri, new Configuration());
    Snapshot latest = table.latestSnapshot();
    long v = latest.version();
    assertThat(table.versions())
        .as("versions without gaps")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, v).boxed().toList());
    List<CommitInfo> history = oldestFirst(table.history());
    assertThat(history)
        .extracting(CommitInfo::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, v).boxed().toList());
    assertThat(history.get(0).operation()).isEqualTo(Operation.CREATE_TABLE);
    Map<Long, String> expected = new TreeMap<>();
    Map<Long, CommitInfo> bySeq = new HashMap<>();
    Set<Long> everAdded = new TreeSet<>();
    for (CommitInfo info : history) {
      if (info.version() > 1) {
        assertThat(info.operationParameters().get(CrashWriter.SEQ))
            .as("write number of version %d", info.version())
            .isEqualTo(String.valueOf(info.version() - 1));
        bySeq.put(info.version() - 1, info);
        // Appended ids are fresh: only a merge adds an id again, the one it deletes in the same
        // commit.
        List<Long> deleted =
            ProcessTables.parseCsv(info.operationParameters().get(CrashWriter.DELETED));
        for (long id : ProcessTables.parseCsv(info.operationParameters().get(CrashWriter.ADDED))) {
          assertThat(everAdded.add(id) || deleted.contains(id))
              .as("id %d added again by version %d", id, info.version())
              .isTrue();
        }
      }
      apply(expected, info);
    }
    Map<Long, String> actual = ProcessTables.rows(latest, allocator);
    assertThat(actual).as("rows of the latest version %d", v).isEqualTo(expected);
    assertThat(latest.numRows()).isEqualTo(expected.size());

    // The writers' logs against the history.
    Set<Long> logged = new TreeSet<>();
    long unlogged = 0;
    for (Incarnation inc : incarnations) {
      List<String> lines = ProcessTables.completeLines(inc.log());
      String lastBegin = null;
      for (String line : lines) {
        Map<String, String> f = ProcessTables.fields(line);
        if (line.startsWith("begin ")) {
          lastBegin = line;
        } else if (line.startsWith("committed ")) {
          long seq = Long.parseLong(f.get("seq"));
          CommitInfo info = bySeq.get(seq);
          assertThat(info).as("logged write %d is in the history", seq).isNotNull();
          assertThat(info.version()).isEqualTo(Long.parseLong(f.get("version")));
          assertSameChange(info, f, line);
          assertThat(logged.add(seq)).as("write %d logged twice", seq).isTrue();
          lastBegin = null;
        }
      }
      if (lastBegin != null) {
        Map<String, String> f = ProcessTables.fields(lastBegin);
        long seq = Long.parseLong(f.get("seq"));
        CommitInfo info = bySeq.get(seq);
        assertThat(inc.killed())
            .as("writer %d left a write unfinished only if killed", inc.gen())
            .isTrue();
        if (info != null
            && info.operationParameters().get(CrashWriter.GEN).equals(String.valueOf(inc.gen()))) {
          // Killed after the commit became visible, before the log line: the history has it.
          assertSameChange(info, f, lastBegin);
          assertThat(logged.add(seq)).isTrue();
          unlogged++;
        }
      }
    }
    assertThat(logged)
        .as("every write in the history is accounted for by a writer's log")
        .containsExactlyElementsOf(bySeq.keySet().stream().sorted().toList());
    return new Check(v, actual.size(), unlogged);
  }

  private static void assertSameChange(CommitInfo info, Map<String, String> logged, String line) {
    assertThat(info.operation()).as(line).isEqualTo(logged.get("op"));
    assertThat(info.operationParameters().get(CrashWriter.ADDED))
        .as(line)
        .isEqualTo(logged.getOrDefault("added", ""));
    assertThat(info.operationParameters().get(CrashWriter.DELETED))
        .as(line)
        .isEqualTo(logged.getOrDefault("deleted", ""));
    assertThat(info.operationParameters().get(CrashWriter.GEN))
        .as(line)
        .isEqualTo(logged.get("gen"));
  }

  /** The change a commit recorded in its parameters, applied to id -> payload. */
  private static void apply(Map<Long, String> rows, CommitInfo info) {
    String seq = info.operationParameters().get(CrashWriter.SEQ);
    if (seq == null) {
      return;
    }
    for (long id : ProcessTables.parseCsv(info.operationParameters().get(CrashWriter.DELETED))) {
      assertThat(rows.remove(id))
          .as("version %d deletes live id %d", info.version(), id)
          .isNotNull();
    }
    for (long id : ProcessTables.parseCsv(info.operationParameters().get(CrashWriter.ADDED))) {
      assertThat(rows.put(id, CrashWriter.payload(Long.parseLong(seq))))
          .as("version %d adds id %d that is not live", info.version(), id)
          .isNull();
    }
  }

  private static List<CommitInfo> oldestFirst(List<CommitInfo> newestFirst) {
    List<CommitInfo> out = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(out);
    return out;
  }

  private static long time(String line) {
    return Long.parseLong(ProcessTables.fields(line).get("time"));
  }

  /** The data files and deletion vectors of a snapshot, as paths relative to the table folder. */
  private static Set<String> files(Snapshot s) {
    Set<String> out = new TreeSet<>();
    for (Fragment f : s.fragments()) {
      for (DataFile d : f.files()) {
        out.add(d.path());
      }
      if (f.deletionFile() != null) {
        out.add(f.deletionFile().path());
      }
    }
    return out;
  }

  /**
   * The files in data/ and _deletions/ on disk (without checksum sidecars), relative to the table
   * folder.
   */
  private static Set<String> tableFiles(Path tableDir) {
    Set<String> out = new TreeSet<>();
    for (String sub : List.of("data", "_deletions")) {
      for (String name : ProcessTables.namesIn(tableDir.resolve(sub))) {
        if (!name.startsWith(".")) {
          out.add(sub + "/" + name);
        }
      }
    }
    return out;
  }

  private static Set<String> hiddenTemps(Path versionsDir) {
    return ProcessTables.namesIn(versionsDir).stream()
        .filter(n -> n.startsWith(".") && n.endsWith(".tmp"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Checksum sidecars {@code .<name>.crc} whose file {@code <name>} is gone. */
  private static Set<String> crcWithoutFile(Path folder) {
    Set<String> names = ProcessTables.namesIn(folder);
    return names.stream()
        .filter(n -> n.startsWith(".") && n.endsWith(".crc"))
        .filter(n -> !names.contains(n.substring(1, n.length() - ".crc".length())))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
