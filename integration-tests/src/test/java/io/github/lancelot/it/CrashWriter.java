package io.github.lancelot.it;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.roaringbitmap.RoaringBitmap;

/**
 * The writer process of {@link CrashIT}: carries the table forward to {@code total} writes, one
 * version each, continuing where an earlier (killed) writer stopped. Write number {@code seq} is
 * version {@code seq + 1}: an append of fresh ids, a delete of 1-3 live ids (deletion vectors
 * through {@link Transaction#deleteRows}), or a merge (one transaction deleting 1-3 live ids and
 * appending them again with a new payload, plus 0-2 new ids).
 *
 * <p>Every commit records what it changed in its operationParameters ({@code crash.seq}, {@code
 * crash.gen}, {@code crash.added}, {@code crash.deleted}, and {@code crash.maxId}, the highest id
 * used so far), so the table's own history says which write each version is; a restarted writer
 * finds the next write number and the next free id in the latest commit. The writer also logs,
 * durably, a {@code begin} line once a write's files are written, just before its commit, and a
 * {@code committed} line after the commit, for the test to cross-check.
 *
 * <p>Arguments: table URI, log file, generation (incarnation number), total writes, seed, and
 * optionally the last write this process may do: having done it (with writes still to do) it logs
 * {@code holding} and waits to be killed, so that a test planning more kills never runs out of
 * writes. Exits 0 once the table holds {@code total} writes, 1 with a stack trace on stderr on any
 * error.
 */
public final class CrashWriter {
  static final String SEQ = "crash.seq";
  static final String GEN = "crash.gen";
  static final String ADDED = "crash.added";
  static final String DELETED = "crash.deleted";
  static final String MAX_ID = "crash.maxId";

  /**
   * Small fragments, so that appends write several fragments (several files) and deletes empty
   * some.
   */
  static final WriteOptions OPTIONS = new WriteOptions(4, 2, WriteOptions.Compression.NONE);

  private CrashWriter() {}

  public static void main(String[] args) {
    ProcessTables.runAndExit(CrashWriter::run, args);
  }

  static String payload(long seq) {
    return "s" + seq;
  }

  private static void run(String[] args) throws InterruptedException {
    if (args.length < 5 || args.length > 6) {
      throw new IllegalArgumentException(
          "usage: CrashWriter <table> <log file> <generation> <total writes> <seed> [last write]");
    }
    Table table = Table.forPath(args[0], new Configuration());
    Path log = Paths.get(args[1]);
    int gen = Integer.parseInt(args[2]);
    int total = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);
    long lastWrite = args.length == 6 ? Long.parseLong(args[5]) : total;

    // Where the previous writers stopped, from the latest commit (whose history a cleanup may have
    // removed).
    CommitInfo last = table.latestSnapshot().commitInfo();
    String lastSeq = last.operationParameters().get(SEQ);
    long done = lastSeq == null ? 0 : Long.parseLong(lastSeq);
    long maxId = lastSeq == null ? 0 : Long.parseLong(last.operationParameters().get(MAX_ID));
    if (last.version() != done + 1) {
      throw new IllegalStateException("version " + last.version() + " is write " + done);
    }
    ProcessTables.appendDurably(
        log,
        "started gen=" + gen + " nextSeq=" + (done + 1) + " time=" + System.currentTimeMillis());

    try (BufferAllocator allocator = new RootAllocator()) {
      for (long seq = done + 1; seq <= total; seq++) {
        if (seq > lastWrite) {
          ProcessTables.appendDurably(
              log, "holding gen=" + gen + " time=" + System.currentTimeMillis());
          Thread.sleep(Long.MAX_VALUE);
        }
        Snapshot base = table.latestSnapshot();
        Map<Long, ProcessTables.RowPos> live = ProcessTables.scan(base, allocator, f -> true);
        List<Long> liveIds = new ArrayList<>(new TreeSet<>(live.keySet()));
        java.util.Random rnd = ProcessTables.random(seed, seq);
        double r = rnd.nextDouble();
        String op =
            liveIds.size() < 6 || r < 0.55
                ? Operation.APPEND
                : r < 0.8 ? Operation.DELETE : Operation.MERGE;

        TreeSet<Long> deleted = new TreeSet<>();
        Map<Long, String> added = new TreeMap<>();
        if (op.equals(Operation.APPEND)) {
          int n = 3 + rnd.nextInt(10);
          for (int i = 0; i < n; i++) {
            added.put(++maxId, payload(seq));
          }
        } else {
          int n = 1 + rnd.nextInt(3);
          while (deleted.size() < n) {
            deleted.add(liveIds.get(rnd.nextInt(liveIds.size())));
          }
          if (op.equals(Operation.MERGE)) {
            for (long id : deleted) {
              added.put(id, payload(seq));
            }
            int inserts = rnd.nextInt(3);
            for (int i = 0; i < inserts; i++) {
              added.put(++maxId, payload(seq));
            }
          }
        }
        String change =
            "op="
                + op
                + " added="
                + ProcessTables.csv(added.keySet())
                + " deleted="
                + ProcessTables.csv(deleted);
        Transaction tx =
            table
                .newTransaction(base, op)
                .operationParameter(SEQ, String.valueOf(seq))
                .operationParameter(GEN, String.valueOf(gen))
                .operationParameter(ADDED, ProcessTables.csv(added.keySet()))
                .operationParameter(DELETED, ProcessTables.csv(deleted))
                .operationParameter(MAX_ID, String.valueOf(maxId));
        Map<Long, RoaringBitmap> byFragment = new TreeMap<>();
        for (long id : deleted) {
          ProcessTables.RowPos pos = live.get(id);
          byFragment.computeIfAbsent(pos.fragmentId(), k -> new RoaringBitmap()).add(pos.offset());
        }
        for (Map.Entry<Long, RoaringBitmap> e : byFragment.entrySet()) {
          long n = tx.deleteRows(e.getKey(), e.getValue());
          if (n != e.getValue().getLongCardinality()) {
            throw new IllegalStateException(
                "deleteRows on fragment "
                    + e.getKey()
                    + " deleted "
                    + n
                    + " rows, not "
                    + e.getValue().getLongCardinality());
          }
        }
        if (!added.isEmpty()) {
          tx.appendFragments(ProcessTables.write(table, base.schema(), allocator, OPTIONS, added));
        }
        // Data files and deletion vectors are written: from here a kill leaves them behind unless
        // the commit lands.
        ProcessTables.appendDurably(
            log,
            "begin seq="
                + seq
                + " gen="
                + gen
                + " readVersion="
                + base.version()
                + " "
                + change
                + " time="
                + System.currentTimeMillis());
        Snapshot committed = tx.commit();
        if (committed.version() != seq + 1) {
          throw new IllegalStateException(
              "write " + seq + " landed at version " + committed.version());
        }
        ProcessTables.appendDurably(
            log,
            "committed seq="
                + seq
                + " gen="
                + gen
                + " version="
                + committed.version()
                + " "
                + change
                + " time="
                + System.currentTimeMillis());
      }
    }
    ProcessTables.appendDurably(log, "finished gen=" + gen + " time=" + System.currentTimeMillis());
  }
}
