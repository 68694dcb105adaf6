package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in separate JVMs append to one local table at the same time. Only the filesystem's
 * put-if-absent (a hard link on the local filesystem) keeps them apart: every commit must land as
 * exactly one version.
 */
class TestMultiProcessAppends {
  static final int PROCESSES = 4;
  static final int APPENDS_EACH = 25;
  static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(3);
  static final String ARROW_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  final List<Process> started = new ArrayList<>();

  @AfterEach
  void close() throws InterruptedException {
    for (Process p : started) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
      }
    }
    allocator.close();
  }

  /**
   * {@code java} with this JVM's classpath and module flags, running {@link ConcurrentAppender}.
   */
  static List<String> appenderCommand() {
    return appenderCommand(List.of());
  }

  /** As {@link #appenderCommand()}, with more JVM options before the main class. */
  static List<String> appenderCommand(List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    for (String option : System.getProperty("jvm.module.options", "").trim().split("\\s+")) {
      if (!option.isEmpty()) {
        cmd.add(option);
      }
    }
    if (!cmd.contains(ARROW_OPENS)) {
      cmd.add(ARROW_OPENS);
    }
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ConcurrentAppender.class.getName());
    return cmd;
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static List<Long> range(long fromInclusive, long toInclusive) {
    return LongStream.rangeClosed(fromInclusive, toInclusive).boxed().toList();
  }

  /** The table the writers share: a fresh one under {@code dir}. */
  Table newTable() throws Exception {
    return TestTables.create(dir.resolve("table"), Map.of());
  }

  /** JVM options of every writer process. */
  List<String> writerOptions() throws Exception {
    return List.of();
  }

  @Test
  void fourProcessesAppendingTwentyFiveTimesEachCommitOneHundredConsecutiveVersions()
      throws Exception {
    Table table = newTable();
    List<String> writerCommand = appenderCommand(writerOptions());
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path[] out = new Path[PROCESSES];
    Path[] err = new Path[PROCESSES];
    Path[] ready = new Path[PROCESSES];
    Process[] processes = new Process[PROCESSES];
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    for (int i = 0; i < PROCESSES; i++) {
      out[i] = logs.resolve("writer-" + i + ".out");
      err[i] = logs.resolve("writer-" + i + ".err");
      ready[i] = logs.resolve("writer-" + i + ".ready");
      List<String> cmd = new ArrayList<>(writerCommand);
      cmd.addAll(
          List.of(
              table.location(),
              String.valueOf(i),
              String.valueOf(APPENDS_EACH),
              ready[i].toString()));
      processes[i] =
          new ProcessBuilder(cmd)
              .redirectOutput(out[i].toFile())
              .redirectError(err[i].toFile())
              .start();
      started.add(processes[i]);
    }

    // Each writer prepares its first append against version 1, then waits on stdin: release them
    // together.
    for (int i = 0; i < PROCESSES; i++) {
      while (!Files.exists(ready[i])) {
        if (!processes[i].isAlive()) {
          fail(
              "writer %d exited with %d before it was ready; stderr:%n%s",
              i, processes[i].exitValue(), read(err[i]));
        }
        if (System.nanoTime() > deadline) {
          fail("writer %d was not ready in time; stderr:%n%s", i, read(err[i]));
        }
        Thread.sleep(10);
      }
    }
    for (Process p : processes) {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
      }
    }

    // Which ids each commit added, by the version the writer's commit() returned.
    Map<Long, List<Long>> committed = new HashMap<>();
    for (int i = 0; i < PROCESSES; i++) {
      long left = Math.max(0, deadline - System.nanoTime());
      boolean exited = processes[i].waitFor(left, TimeUnit.NANOSECONDS);
      assertThat(exited).as("writer %d finished in time; stderr:%n%s", i, read(err[i])).isTrue();
      assertThat(processes[i].exitValue())
          .as("exit code of writer %d; stderr:%n%s", i, read(err[i]))
          .isZero();
      List<Long> versions =
          read(out[i])
              .lines()
              .filter(line -> line.startsWith("committed "))
              .map(line -> Long.parseLong(line.substring("committed ".length()).trim()))
              .toList();
      assertThat(versions).as("versions committed by writer %d", i).hasSize(APPENDS_EACH);
      for (int k = 0; k < APPENDS_EACH; k++) {
        List<Long> ids = LongStream.of(ConcurrentAppender.ids(i, k)).boxed().toList();
        assertThat(committed.put(versions.get(k), ids))
            .as("version %d returned twice", versions.get(k))
            .isNull();
      }
    }

    int appends = PROCESSES * APPENDS_EACH;
    assertThat(committed.keySet()).containsExactlyInAnyOrderElementsOf(range(2, appends + 1));
    assertThat(table.versions()).containsExactlyElementsOf(range(1, appends + 1));
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(appends + 1);

    List<Long> expectedIds = committed.values().stream().flatMap(List::stream).toList();
    assertThat(expectedIds)
        .hasSize(appends * ConcurrentAppender.ROWS_PER_APPEND)
        .doesNotHaveDuplicates();
    assertThat(TestTables.ids(latest, allocator))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedIds);

    List<CommitInfo> history = table.history();
    assertThat(history).hasSize(appends + 1);
    assertThat(history.get(appends).operation()).isEqualTo(Operation.CREATE_TABLE);
    assertThat(history.subList(0, appends))
        .extracting(CommitInfo::operation)
        .containsOnly(Operation.APPEND);
    assertThat(history).extracting(CommitInfo::transactionId).doesNotHaveDuplicates();
    List<CommitInfo> preparedOnVersion1 =
        history.stream().filter(info -> info.readVersion() == 1).toList();
    assertThat(preparedOnVersion1).hasSize(PROCESSES);
    assertThat(preparedOnVersion1)
        .filteredOn(info -> info.version() > 2)
        .as("rebased commits")
        .hasSize(PROCESSES - 1);

    assertThat(latest.fragments())
        .hasSize(appends)
        .extracting(Fragment::id)
        .doesNotHaveDuplicates();
    // Each version adds exactly one fresh fragment, holding the rows of the commit that returned
    // that version.
    Set<Long> previous = Set.of();
    for (long v = 2; v <= appends + 1; v++) {
      Set<Long> current =
          table.snapshotAt(v).fragments().stream().map(Fragment::id).collect(Collectors.toSet());
      assertThat(current).containsAll(previous).hasSize(previous.size() + 1);
      Set<Long> added = new HashSet<>(current);
      added.removeAll(previous);
      long fragmentId = added.iterator().next();
      assertThat(idsOfFragment(latest, fragmentId))
          .as("rows added by version %d", v)
          .isEqualTo(committed.get(v));
      previous = current;
    }
  }

  private List<Long> idsOfFragment(Snapshot snapshot, long fragmentId) {
    Scan scan = snapshot.newScan().select("id").filterFragments(f -> f.id() == fragmentId).build();
    assertThat(scan.fragments()).hasSize(1);
    List<Long> ids = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            ids.add(v.get(i));
          }
        }
      }
    }
    return ids;
  }
}
