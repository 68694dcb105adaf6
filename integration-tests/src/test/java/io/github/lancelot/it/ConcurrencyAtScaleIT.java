package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.WriteOptions;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 4 processes x 2 threads, each thread a worker doing 25 appends, deletes and merges on one local
 * table at the same time ({@link ConcurrencyWorker}). The seed version puts rows of every worker
 * into a few shared fragments, so that deletes and merges of disjoint keys touch common fragments
 * and some of them must fail with {@link
 * io.github.lancelot.format.ConcurrentModificationException}. Afterwards: versions 1..N without
 * gaps, one per successful operation; the rows equal to the oracle built from the workers' records
 * of successful operations, at every version; no trace of any failed attempt; every conflict
 * justified by a winning commit that touched a fragment the failed attempt touched.
 */
class ConcurrencyAtScaleIT {
  static final int PROCESSES = 4;
  static final int THREADS = 2;
  static final int WORKERS = PROCESSES * THREADS;
  static final int OPS = 25;
  static final int SHARED_FRAGMENTS = 4;
  static final int SEED_IDS_PER_WORKER_PER_FRAGMENT = 6;
  static final long SEED = Long.getLong("concurrency.seed", 4_2025L);

  /** Only a hung worker reaches it: on two cores the test takes about 1 minute, 2 to 3 on S3. */
  static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    ProcessTables.killAll(started);
    allocator.close();
  }

  /** One attempt of one operation, as the worker recorded it. */
  static final class Attempt {
    String tag;
    int worker;
    String op;
    long readVersion;
    List<Long> added;
    List<Long> deleted;
    Set<Long> touched;
    String outcome; // ok, conflict or null (unfinished)
    long version; // committed version, or the conflicting version
  }

  /** The table the workers share, not created yet. */
  Table newTable() {
    return Table.forPath(dir.resolve("table").toUri().toString(), new Configuration());
  }

  /** JVM options of every worker process. */
  List<String> workerOptions() {
    return List.of();
  }

  @Test
  void eightWorkersInFourProcessesCommitEveryChangeExactlyOnce() throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TIMEOUT_NANOS;
    Table table = newTable();
    table.createTable(ProcessTables.schema(), Map.of()).commit();

    // Version 2: shared fragments, each holding seed rows of every worker.
    Map<Long, String> seedRows = new LinkedHashMap<>();
    for (int f = 0; f < SHARED_FRAGMENTS; f++) {
      for (int w = 0; w < WORKERS; w++) {
        ConcurrencyWorker.seedIds(w, f, SEED_IDS_PER_WORKER_PER_FRAGMENT)
            .forEach(id -> seedRows.put(id, "seed"));
      }
    }
    int perFragment = WORKERS * SEED_IDS_PER_WORKER_PER_FRAGMENT;
    Snapshot seeded =
        table
            .newTransaction(table.latestSnapshot(), Operation.APPEND)
            .appendFragments(
                ProcessTables.write(
                    table,
                    ProcessTables.schema(),
                    allocator,
                    new WriteOptions(perFragment, perFragment, WriteOptions.Compression.NONE),
                    seedRows))
            .commit();
    assertThat(seeded.version()).isEqualTo(2);
    assertThat(seeded.fragments()).hasSize(SHARED_FRAGMENTS);

    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path records = Files.createDirectories(dir.resolve("records"));
    Process[] processes = new Process[PROCESSES];
    Path[] err = new Path[PROCESSES];
    Path[] ready = new Path[PROCESSES];
    for (int i = 0; i < PROCESSES; i++) {
      err[i] = logs.resolve("process-" + i + ".err");
      ready[i] = logs.resolve("process-" + i + ".ready");
      processes[i] =
          new ProcessBuilder(
                  ProcessTables.javaCommand(
                      workerOptions(),
                      ConcurrencyWorker.class,
                      table.location(),
                      String.valueOf(i),
                      String.valueOf(THREADS),
                      String.valueOf(OPS),
                      String.valueOf(SEED),
                      records.toString(),
                      ready[i].toString()))
              .redirectOutput(logs.resolve("process-" + i + ".out").toFile())
              .redirectError(err[i].toFile())
              .start();
      started.add(processes[i]);
    }
    for (int i = 0; i < PROCESSES; i++) {
      while (!Files.exists(ready[i])) {
        if (!processes[i].isAlive()) {
          fail(
              "process %d exited with %d before it was ready; stderr:%n%s",
              i, processes[i].exitValue(), ProcessTables.readQuietly(err[i]));
        }
        assertThat(System.nanoTime()).as("process %d ready in time", i).isLessThan(deadline);
        Thread.sleep(10);
      }
    }
    long go = System.nanoTime();
    for (Process p : processes) {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < PROCESSES; i++) {
      long left = Math.max(0, deadline - System.nanoTime());
      assertThat(processes[i].waitFor(left, TimeUnit.NANOSECONDS))
          .as("process %d finished in time", i)
          .isTrue();
      assertThat(processes[i].exitValue())
          .as("exit status of process %d; stderr:%n%s", i, ProcessTables.readQuietly(err[i]))
          .isZero();
    }
    double runSeconds = (System.nanoTime() - go) / 1e9;

    // The workers' records.
    Map<String, Attempt> attempts = new LinkedHashMap<>();
    int gaveUp = 0;
    for (int w = 0; w < WORKERS; w++) {
      List<String> lines = ProcessTables.completeLines(records.resolve("worker-" + w + ".log"));
      assertThat(lines).as("record of worker %d", w).isNotEmpty();
      assertThat(lines.get(lines.size() - 1)).as("worker %d finished", w).startsWith("done ");
      for (String line : lines) {
        Map<String, String> f = ProcessTables.fields(line);
        if (line.startsWith("attempt ")) {
          Attempt a = new Attempt();
          a.tag = f.get("tag");
          a.worker = w;
          a.op = f.get("op");
          a.readVersion = Long.parseLong(f.get("readVersion"));
          a.added = ProcessTables.parseCsv(f.get("added"));
          a.deleted = ProcessTables.parseCsv(f.get("deleted"));
          a.touched = new TreeSet<>(ProcessTables.parseCsv(f.get("touched")));
          assertThat(attempts.put(a.tag, a)).as("attempt %s recorded twice", a.tag).isNull();
        } else if (line.startsWith("ok ")) {
          Attempt a = attempts.get(f.get("tag"));
          a.outcome = "ok";
          a.version = Long.parseLong(f.get("version"));
        } else if (line.startsWith("conflict ")) {
          Attempt a = attempts.get(f.get("tag"));
          a.outcome = "conflict";
          a.version = Long.parseLong(f.get("conflictingVersion"));
        } else if (line.startsWith("gaveup ")) {
          gaveUp++;
        } else if (line.startsWith("error ")) {
          fail("worker %d failed: %s", w, line);
        }
      }
    }
    assertThat(attempts.values())
        .as("every attempt has an outcome")
        .allMatch(a -> a.outcome != null);
    List<Attempt> ok = attempts.values().stream().filter(a -> a.outcome.equals("ok")).toList();
    List<Attempt> conflicts =
        attempts.values().stream().filter(a -> a.outcome.equals("conflict")).toList();
    assertThat(ok.size() + gaveUp)
        .as("operations that committed or gave up")
        .isEqualTo(WORKERS * OPS);
    assertThat(conflicts)
        .as("appends never conflict")
        .noneMatch(a -> a.op.equals(Operation.APPEND));

    // Versions 1..N without gaps, one per successful operation, each the one its worker was told.
    long n = 2 + ok.size();
    assertThat(table.versions())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(n);
    List<CommitInfo> history = new ArrayList<>(table.history());
    java.util.Collections.reverse(history);
    assertThat(history)
        .extracting(CommitInfo::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    Map<Long, Attempt> byVersion = new TreeMap<>();
    for (Attempt a : ok) {
      assertThat(byVersion.put(a.version, a))
          .as("version %d returned to two commits", a.version)
          .isNull();
    }
    assertThat(byVersion.keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(3, n).boxed().toList());
    Set<String> failedTags = new HashSet<>();
    conflicts.forEach(a -> failedTags.add(a.tag));
    for (CommitInfo info : history.subList(2, history.size())) {
      Attempt a = byVersion.get(info.version());
      Map<String, String> p = info.operationParameters();
      assertThat(p.get(ConcurrencyWorker.TAG))
          .as("operation at version %d", info.version())
          .isEqualTo(a.tag);
      assertThat(info.operation()).isEqualTo(a.op);
      assertThat(info.readVersion()).isEqualTo(a.readVersion);
      assertThat(p.get(ConcurrencyWorker.ADDED)).isEqualTo(ProcessTables.csv(a.added));
      assertThat(p.get(ConcurrencyWorker.DELETED)).isEqualTo(ProcessTables.csv(a.deleted));
      assertThat(failedTags).doesNotContain(p.get(ConcurrencyWorker.TAG));
      if (a.op.equals(Operation.APPEND)) {
        assertThat(info.blindAppend()).as("append at version %d is blind", info.version()).isTrue();
      } else {
        assertThat(info.operationMetrics().get("numDeletedRows"))
            .as("rows deleted by version %d", info.version())
            .isEqualTo((long) a.deleted.size());
      }
    }

    // Every conflict was against a commit that touched a fragment the failed attempt touched.
    for (Attempt a : conflicts) {
      assertThat(a.version)
          .as("conflicting version of %s", a.tag)
          .isGreaterThan(a.readVersion)
          .isLessThanOrEqualTo(n);
      Snapshot before = table.snapshotAt(a.version - 1);
      Snapshot after = table.snapshotAt(a.version);
      Map<Long, Fragment> was = new HashMap<>();
      before.fragments().forEach(f -> was.put(f.id(), f));
      Set<Long> winnerTouched = new TreeSet<>();
      Set<Long> afterIds = new HashSet<>();
      for (Fragment f : after.fragments()) {
        afterIds.add(f.id());
        if (was.containsKey(f.id()) && !was.get(f.id()).equals(f)) {
          winnerTouched.add(f.id());
        }
      }
      was.keySet().stream().filter(id -> !afterIds.contains(id)).forEach(winnerTouched::add);
      winnerTouched.retainAll(a.touched);
      assertThat(winnerTouched)
          .as(
              "%s lost to version %d, which must touch one of fragments %s",
              a.tag, a.version, a.touched)
          .isNotEmpty();
    }

    // Rows at every version equal the oracle: seed rows plus the successful operations up to that
    // version.
    Map<Long, String> oracle = new TreeMap<>(seedRows);
    long rowsChecked = 0;
    assertThat(ProcessTables.rows(seeded, allocator)).isEqualTo(oracle);
    for (Map.Entry<Long, Attempt> e : byVersion.entrySet()) {
      Attempt a = e.getValue();
      for (long id : a.deleted) {
        assertThat(oracle.remove(id)).as("%s deletes live id %d", a.tag, id).isNotNull();
      }
      for (long id : a.added) {
        assertThat(oracle.put(id, a.tag)).as("%s adds id %d that is live", a.tag, id).isNull();
      }
      Snapshot s = table.snapshotAt(e.getKey());
      assertThat(s.numRows())
          .as("rows of version %d by metadata", e.getKey())
          .isEqualTo(oracle.size());
      if (e.getKey() % 5 == 0 || e.getKey() == n) {
        assertThat(ProcessTables.rows(s, allocator))
            .as("rows of version %d", e.getKey())
            .isEqualTo(oracle);
        rowsChecked += oracle.size();
      }
    }
    Map<Long, String> finalRows = ProcessTables.rows(latest, allocator);
    rowsChecked += finalRows.size();
    assertThat(finalRows).as("final rows").isEqualTo(oracle);

    // No trace of failed attempts: none of their payloads, none of the fresh ids only they wrote.
    Set<Long> committedIds = new HashSet<>(seedRows.keySet());
    ok.forEach(a -> committedIds.addAll(a.added));
    for (Attempt a : conflicts) {
      assertThat(finalRows.values()).as("rows written by failed %s", a.tag).doesNotContain(a.tag);
      for (long id : a.added) {
        if (!committedIds.contains(id)) {
          assertThat(finalRows).as("id %d only failed %s wrote", id, a.tag).doesNotContainKey(id);
        }
      }
    }
    assertThat(
            new HashSet<>(finalRows.values())
                .stream()
                    .filter(Objects::nonNull)
                    .filter(p -> !p.equals("seed"))
                    .filter(failedTags::contains))
        .isEmpty();

    Map<String, Long> byOp = new TreeMap<>();
    ok.forEach(a -> byOp.merge(a.op, 1L, Long::sum));
    Map<String, Long> conflictsByOp = new TreeMap<>();
    conflicts.forEach(a -> conflictsByOp.merge(a.op, 1L, Long::sum));
    System.out.printf(
        "ConcurrencyAtScaleIT: seed %d, committed by operation %s, conflicts by operation %s, "
            + "%d operations gave up, %d fragments at the end, workers ran %.1f s, total %.1f s%n",
        SEED,
        byOp,
        conflictsByOp,
        gaveUp,
        latest.fragments().size(),
        runSeconds,
        (System.nanoTime() - t0) / 1e9);
    System.out.printf(
        "SUMMARY concurrency: %d workers, %d committed, %d conflicts, %d rows checked%n",
        WORKERS, ok.size(), conflicts.size(), rowsChecked);
  }
}
