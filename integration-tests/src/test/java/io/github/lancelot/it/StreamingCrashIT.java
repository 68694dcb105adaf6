package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * A streaming query process ({@link StreamingCrashWriter}) appending one input file per micro-batch
 * to a table is killed with SIGKILL and restarted from its checkpoint until all input is processed;
 * the table must then hold every input row exactly once. Half of the kills land at a random moment
 * (starting up, reading, writing a batch's files, committing); the other half land right after a
 * batch's version became visible, while the query is still to note the batch in its commit log (its
 * checkpoint is on {@link SlowCommitLogFileSystem}, which holds that note back): the restarted
 * query runs that batch again, and the table must not commit it twice.
 */
class StreamingCrashIT {
  static final int FILES = 10;
  static final int ROWS_PER_FILE = 6;
  static final int KILLS = 4;
  static final long PAUSE_MILLIS = 3_000;
  static final long SEED = Long.getLong("crash.seed", 20_261_203L);
  static final long DEADLINE_NANOS = TimeUnit.MINUTES.toNanos(8);

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    ProcessTables.killAll(started);
    allocator.close();
  }

  @Test
  void aStreamingQueryKilledAndRestartedFromItsCheckpointWritesEveryRowOnce() throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + DEADLINE_NANOS;
    Path input = Files.createDirectories(dir.resolve("input"));
    for (int file = 0; file < FILES; file++) {
      String lines =
          LongStream.range((long) file * ROWS_PER_FILE, (long) (file + 1) * ROWS_PER_FILE)
              .mapToObj(id -> "{\"id\": " + id + ", \"payload\": \"p" + id + "\"}")
              .collect(Collectors.joining("\n", "", "\n"));
      Files.writeString(input.resolve(String.format("part-%03d.json", file)), lines);
    }
    Path tableDir = dir.resolve("table");
    Path checkpoint = dir.resolve("checkpoint");
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Random random = new Random(SEED);
    int kills = 0;
    int killsBeforeCommitLog = 0;

    for (int gen = 1; ; gen++) {
      Path log = logs.resolve("query-" + gen + ".log");
      Path err = logs.resolve("query-" + gen + ".err");
      long versionsBefore = versions(tableDir);
      Process p =
          new ProcessBuilder(
                  ProcessTables.javaCommand(
                      List.of("-Xmx768m"),
                      StreamingCrashWriter.class,
                      input.toString(),
                      tableDir.toString(),
                      checkpoint.toString(),
                      log.toString(),
                      String.valueOf(PAUSE_MILLIS)))
              .redirectOutput(logs.resolve("query-" + gen + ".out").toFile())
              .redirectError(err.toFile())
              .start();
      started.add(p);
      boolean killed = false;
      if (kills < KILLS) {
        while (ProcessTables.completeLines(log).stream().noneMatch(l -> l.startsWith("started "))) {
          if (!p.isAlive()) {
            fail(
                "query %d exited with %d before starting; stderr:%n%s",
                gen, p.exitValue(), ProcessTables.readQuietly(err));
          }
          assertThat(System.nanoTime()).as("query %d started in time", gen).isLessThan(deadline);
          Thread.sleep(5);
        }
        boolean beforeCommitLog = kills % 2 == 1;
        if (beforeCommitLog) {
          // Right after this query's next batch is visible in the table: its commit log entry is
          // being held back.
          while (p.isAlive() && versions(tableDir) == versionsBefore) {
            assertThat(System.nanoTime())
                .as("query %d committed a batch in time", gen)
                .isLessThan(deadline);
            Thread.sleep(2);
          }
        } else {
          p.waitFor(random.nextInt(4_000), TimeUnit.MILLISECONDS);
        }
        if (p.isAlive()) {
          p.destroyForcibly();
          assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
          assertThat(p.exitValue()).as("exit status of killed query %d", gen).isEqualTo(137);
          killed = true;
          kills++;
          if (beforeCommitLog) {
            long recorded = recordedBatch(tableDir);
            assertThat(committedBatches(checkpoint))
                .as("the commit log lacks batch %d, which the table records", recorded)
                .doesNotContain(recorded);
            killsBeforeCommitLog++;
          }
        }
      }
      if (!killed) {
        long left = Math.max(0, deadline - System.nanoTime());
        assertThat(p.waitFor(left, TimeUnit.NANOSECONDS)).as("query %d finished", gen).isTrue();
        assertThat(p.exitValue())
            .as("exit status of query %d; stderr:%n%s", gen, ProcessTables.readQuietly(err))
            .isZero();
      }
      // Never a row twice (the scan refuses an id live twice), only input rows.
      Map<Long, String> rows = rows(tableDir);
      rows.forEach((id, payload) -> assertThat(payload).isEqualTo("p" + id));
      assertThat(rows.keySet()).allMatch(id -> id >= 0 && id < FILES * ROWS_PER_FILE);
      System.out.printf(
          "StreamingCrashIT: query %d %s; table at version %d with %d rows%n",
          gen, killed ? "killed (SIGKILL)" : "finished", versions(tableDir), rows.size());
      if (!killed) {
        break;
      }
    }
    assertThat(kills).isEqualTo(KILLS);
    assertThat(killsBeforeCommitLog).isEqualTo(KILLS / 2);

    Map<Long, String> expected = new TreeMap<>();
    LongStream.range(0, FILES * ROWS_PER_FILE).forEach(id -> expected.put(id, "p" + id));
    assertThat(rows(tableDir)).isEqualTo(expected);
    Table table = Table.forPath(tableDir.toString(), new Configuration());
    List<CommitInfo> history = table.history();
    assertThat(history).hasSize(FILES);
    String queryId = history.get(0).operationParameters().get("queryId");
    assertThat(history)
        .extracting(i -> i.operationParameters().get("queryId"))
        .containsOnly(queryId);
    assertThat(table.latestSnapshot().batchVersion(queryId)).isEqualTo(FILES - 1);
    System.out.printf(
        "SUMMARY streaming crashes: %d kills survived (%d between a batch's commit and its commit"
            + " log entry), %d batches, %d rows exactly once, %.1f s%n",
        kills, killsBeforeCommitLog, FILES, expected.size(), (System.nanoTime() - t0) / 1e9);
  }

  private static long versions(Path tableDir) {
    Table table = Table.forPath(tableDir.toString(), new Configuration());
    return table.exists() ? table.latestSnapshot().version() : 0;
  }

  private long recordedBatch(Path tableDir) {
    Snapshot latest = Table.forPath(tableDir.toString(), new Configuration()).latestSnapshot();
    return latest.batchVersion(latest.commitInfo().operationParameters().get("queryId"));
  }

  private static List<Long> committedBatches(Path checkpoint) {
    return ProcessTables.namesIn(checkpoint.resolve("commits")).stream()
        .filter(n -> n.matches("\\d+"))
        .map(Long::parseLong)
        .toList();
  }

  private Map<Long, String> rows(Path tableDir) {
    Table table = Table.forPath(tableDir.toString(), new Configuration());
    return table.exists() ? ProcessTables.rows(table.latestSnapshot(), allocator) : Map.of();
  }
}
