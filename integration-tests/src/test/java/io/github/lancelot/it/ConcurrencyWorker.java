package io.github.lancelot.it;

import io.github.lancelot.format.ConcurrentModificationException;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A worker process of {@link ConcurrencyAtScaleIT}: {@code threads} workers (one per thread), each
 * doing {@code ops} operations on one table, all through the core API: appends of fresh ids,
 * deletes of some of the worker's own live ids (found with their fragment and row offset by a scan)
 * through {@link Transaction#deleteRows}, and merges (one transaction: deleteRows of some own ids
 * plus an append of their replacements, with a new payload, and of a few new ids).
 *
 * <p>Worker {@code w} owns the ids {@code [w * ID_RANGE, (w + 1) * ID_RANGE)}: the seed rows the
 * test put in shared fragments (so that workers' deletes touch common fragments and conflict) and
 * its own appends. A failed attempt is retried from the new latest version, up to {@link
 * #MAX_ATTEMPTS} times; every attempt has a unique tag, written as the payload of the rows it
 * writes and as the commit's {@code it.tag} parameter, and its own fresh ids, so that a failed
 * attempt's effect can be looked for afterwards.
 *
 * <p>Each worker writes its record to {@code <records>/worker-<w>.log}: {@code attempt ...} before
 * a commit, then {@code ok ...} or {@code conflict ...} (or {@code error ...}). Before each attempt
 * the worker checks that the latest version holds exactly its own rows as its record says, since
 * nobody else changes them.
 *
 * <p>Arguments: table URI, process index, threads, operations per worker, seed, records folder,
 * ready file. After starting up it creates the ready file and waits for a line on stdin. Exits 0 if
 * every worker ran without an unexpected error.
 */
public final class ConcurrencyWorker {
  static final long ID_RANGE = 1_000_000;
  static final long OWN_IDS_START = 100_000;
  static final int MAX_ATTEMPTS = 8;
  static final String TAG = "it.tag";
  static final String ADDED = "it.added";
  static final String DELETED = "it.deleted";
  static final WriteOptions OPTIONS = new WriteOptions(8, 8, WriteOptions.Compression.NONE);

  private ConcurrencyWorker() {}

  public static void main(String[] args) {
    ProcessTables.runAndExit(ConcurrencyWorker::run, args);
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 7) {
      throw new IllegalArgumentException(
          "usage: ConcurrencyWorker <table> <process> <threads> <ops> <seed> <records dir> <ready file>");
    }
    String uri = args[0];
    int process = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    int ops = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);
    Path records = Paths.get(args[5]);
    Table table = Table.forPath(uri, ProcessTables.workerConf());
    try (BufferAllocator allocator = new RootAllocator()) {
      // Warm up (class loading) before the start signal, so that all workers really run at the same
      // time.
      ProcessTables.rows(table.latestSnapshot(), allocator);
    }
    Files.createFile(Paths.get(args[6]));
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();

    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int worker = process * threads + t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  new Worker(table, worker, ops, seed, records.resolve("worker-" + worker + ".log"))
                      .run();
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "worker-" + worker);
      thread.start();
      running.add(thread);
    }
    for (Thread t : running) {
      t.join();
    }
    if (failure.get() != null) {
      throw new RuntimeException("a worker failed", failure.get());
    }
  }

  /** The seed rows of worker {@code w} in shared fragment {@code f}. */
  static List<Long> seedIds(int worker, int fragment, int perFragment) {
    List<Long> ids = new ArrayList<>();
    for (int j = 0; j < perFragment; j++) {
      ids.add(worker * ID_RANGE + fragment * 1_000L + j);
    }
    return ids;
  }

  private static final class Worker {
    final Table table;
    final int worker;
    final int ops;
    final long seed;
    final Path record;
    final long lo;
    final long hi;

    /** This worker's rows as its successful operations left them: id -> payload. */
    final Map<Long, String> mine = new TreeMap<>();

    long nextId;

    Worker(Table table, int worker, int ops, long seed, Path record) {
      this.table = table;
      this.worker = worker;
      this.ops = ops;
      this.seed = seed;
      this.record = record;
      this.lo = worker * ID_RANGE;
      this.hi = lo + ID_RANGE;
      this.nextId = lo + OWN_IDS_START;
    }

    void log(String line) {
      ProcessTables.appendDurably(
          record, line + " worker=" + worker + " time=" + System.currentTimeMillis());
    }

    void run() {
      try (BufferAllocator allocator = new RootAllocator()) {
        // The seed rows the test committed before starting the workers.
        Snapshot first = table.latestSnapshot();
        ProcessTables.scan(first, allocator, f -> ProcessTables.mayHoldIds(f, lo, hi))
            .forEach(
                (id, pos) -> {
                  if (id >= lo && id < hi) {
                    mine.put(id, pos.payload());
                  }
                });
        log("seed rows=" + mine.size() + " version=" + first.version());
        for (int k = 0; k < ops; k++) {
          operation(k, allocator);
        }
        log("done");
      } catch (RuntimeException | Error e) {
        log("error exception=" + e.getClass().getName());
        throw e;
      }
    }

    void operation(int k, BufferAllocator allocator) {
      java.util.Random rnd = ProcessTables.random(seed, worker, k);
      double r = rnd.nextDouble();
      String op =
          mine.size() < 4 || r < 0.4
              ? Operation.APPEND
              : r < 0.7 ? Operation.DELETE : Operation.MERGE;
      int newRows =
          op.equals(Operation.APPEND)
              ? 3 + rnd.nextInt(10)
              : op.equals(Operation.MERGE) ? rnd.nextInt(3) : 0;
      // Targets of a delete or merge: chosen once, kept across retries (they stay live: only we
      // delete them).
      TreeSet<Long> targets = new TreeSet<>();
      if (!op.equals(Operation.APPEND)) {
        List<Long> seedIds = mine.keySet().stream().filter(id -> id < lo + OWN_IDS_START).toList();
        List<Long> all = new ArrayList<>(mine.keySet());
        int n = Math.min(all.size(), 1 + rnd.nextInt(3));
        while (targets.size() < n) {
          // Half the time from the shared seed fragments, where other workers delete too.
          List<Long> from = !seedIds.isEmpty() && rnd.nextBoolean() ? seedIds : all;
          targets.add(from.get(rnd.nextInt(from.size())));
        }
      }
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        String tag = "w" + worker + "-o" + k + "-a" + attempt;
        Snapshot base = table.latestSnapshot();
        Map<Long, ProcessTables.RowPos> live = new TreeMap<>();
        ProcessTables.scan(base, allocator, f -> ProcessTables.mayHoldIds(f, lo, hi))
            .forEach(
                (id, pos) -> {
                  if (id >= lo && id < hi) {
                    live.put(id, pos);
                  }
                });
        Map<Long, String> seen = new TreeMap<>();
        live.forEach((id, pos) -> seen.put(id, pos.payload()));
        if (!seen.equals(mine)) {
          throw new IllegalStateException(
              "worker "
                  + worker
                  + " reads other rows of its own at version "
                  + base.version()
                  + " than it committed: expected "
                  + mine
                  + " but read "
                  + seen);
        }
        Map<Long, String> added = new TreeMap<>();
        targets.forEach(
            id -> {
              if (op.equals(Operation.MERGE)) {
                added.put(id, tag);
              }
            });
        for (int i = 0; i < newRows; i++) {
          added.put(nextId++, tag);
        }
        TreeSet<Long> touched = new TreeSet<>();
        Transaction tx =
            table
                .newTransaction(base, op)
                .operationParameter(TAG, tag)
                .operationParameter(ADDED, ProcessTables.csv(added.keySet()))
                .operationParameter(DELETED, ProcessTables.csv(targets));
        Map<Long, RoaringBitmap> byFragment = new TreeMap<>();
        for (long id : targets) {
          ProcessTables.RowPos pos = live.get(id);
          byFragment.computeIfAbsent(pos.fragmentId(), f -> new RoaringBitmap()).add(pos.offset());
        }
        for (Map.Entry<Long, RoaringBitmap> e : byFragment.entrySet()) {
          long deleted = tx.deleteRows(e.getKey(), e.getValue());
          if (deleted != e.getValue().getLongCardinality()) {
            throw new IllegalStateException(
                "deleteRows deleted "
                    + deleted
                    + " rows of fragment "
                    + e.getKey()
                    + ", not "
                    + e.getValue().getLongCardinality());
          }
          touched.add(e.getKey());
        }
        if (!added.isEmpty()) {
          tx.appendFragments(ProcessTables.write(table, base.schema(), allocator, OPTIONS, added));
        }
        log(
            "attempt tag="
                + tag
                + " op="
                + op
                + " readVersion="
                + base.version()
                + " added="
                + ProcessTables.csv(added.keySet())
                + " deleted="
                + ProcessTables.csv(targets)
                + " touched="
                + ProcessTables.csv(touched));
        try {
          Snapshot committed = tx.commit();
          log("ok tag=" + tag + " version=" + committed.version());
          targets.forEach(mine::remove);
          mine.putAll(added);
          return;
        } catch (ConcurrentModificationException e) {
          log("conflict tag=" + tag + " conflictingVersion=" + e.conflictingVersion());
        }
      }
      log("gaveup op=" + k);
    }
  }
}
