package io.github.lancelot.it;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Scan;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Shared helpers of the multi-process integration tests: the test schema (id BIGINT NOT NULL,
 * payload STRING), writing and scanning rows through the core API, durable log lines, and the
 * command line of a child JVM.
 */
final class ProcessTables {
  static final String ARROW_OPENS = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private ProcessTables() {}

  /** The body of a child process's main method. */
  interface Body {
    void run(String[] args) throws Exception;
  }

  /** Runs a child process's body and exits 0, or prints the failure and exits 1. */
  static void runAndExit(Body body, String[] args) {
    int status = 1;
    try {
      body.run(args);
      status = 0;
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      System.out.flush();
      System.err.flush();
    }
    System.exit(status);
  }

  /** Kills the child processes still running and waits for them. */
  static void killAll(List<Process> processes) throws InterruptedException {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(1, java.util.concurrent.TimeUnit.MINUTES);
      }
    }
  }

  static TableSchema schema() {
    return TableSchema.of(
        List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            Field.nullable("payload", ArrowType.Utf8.INSTANCE)));
  }

  /** Writes the rows (id -> payload) as new, uncommitted fragments. */
  static List<Fragment> write(
      Table table,
      TableSchema schema,
      BufferAllocator allocator,
      WriteOptions options,
      Map<Long, String> rows) {
    try (FragmentWriter writer = table.newFragmentWriter(schema, options, allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
      root.allocateNew();
      BigIntVector id = (BigIntVector) root.getVector("id");
      VarCharVector payload = (VarCharVector) root.getVector("payload");
      int i = 0;
      for (Map.Entry<Long, String> e : rows.entrySet()) {
        id.setSafe(i, e.getKey());
        payload.setSafe(i, e.getValue().getBytes(StandardCharsets.UTF_8));
        i++;
      }
      root.setRowCount(i);
      writer.write(root);
      return writer.finish();
    }
  }

  /** Where a live row is: its fragment and its offset in the fragment. */
  record RowPos(long fragmentId, int offset, String payload) {}

  /** Every live row of the fragments kept by {@code fragments}, by id; fails on a duplicate id. */
  static Map<Long, RowPos> scan(
      Snapshot snapshot, BufferAllocator allocator, Predicate<Fragment> fragments) {
    Map<Long, RowPos> out = new HashMap<>();
    Scan scan = snapshot.newScan().select("id", "payload").filterFragments(fragments).build();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector id = (BigIntVector) b.root().getVector(0);
          VarCharVector payload = (VarCharVector) b.root().getVector(1);
          for (int i = 0; i < b.rowCount(); i++) {
            String p =
                payload.isNull(i) ? null : new String(payload.get(i), StandardCharsets.UTF_8);
            RowPos previous =
                out.put(id.get(i), new RowPos(b.fragmentId(), (int) b.rowOffset(i), p));
            if (previous != null) {
              throw new IllegalStateException(
                  "id "
                      + id.get(i)
                      + " is live twice in "
                      + snapshot
                      + ": fragment "
                      + previous.fragmentId()
                      + " offset "
                      + previous.offset()
                      + " and fragment "
                      + b.fragmentId()
                      + " offset "
                      + b.rowOffset(i));
            }
          }
        }
      }
    }
    return out;
  }

  /** Every live row, id -> payload. */
  static Map<Long, String> rows(Snapshot snapshot, BufferAllocator allocator) {
    Map<Long, String> out = new TreeMap<>();
    scan(snapshot, allocator, f -> true).forEach((id, pos) -> out.put(id, pos.payload()));
    return out;
  }

  /**
   * Whether the fragment's id statistics overlap [lo, hi); fragments without statistics are kept.
   */
  static boolean mayHoldIds(Fragment f, long lo, long hi) {
    var stats = f.stats().get(1);
    if (stats == null
        || !(stats.min() instanceof Number min)
        || !(stats.max() instanceof Number max)) {
      return true;
    }
    return max.longValue() >= lo && min.longValue() < hi;
  }

  /**
   * A random generator for the given keys (seed, worker, operation, ...). The keys are mixed first:
   * generators of {@link java.util.Random} seeded with nearby numbers start with nearly the same
   * values.
   */
  static java.util.Random random(long... keys) {
    long h = 0x9E3779B97F4A7C15L;
    for (long k : keys) {
      h = mix(h ^ k) + 0x9E3779B97F4A7C15L;
    }
    return new java.util.Random(mix(h));
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String csv(Collection<Long> ids) {
    return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
  }

  static List<Long> parseCsv(String s) {
    if (s == null || s.isBlank()) {
      return List.of();
    }
    return Arrays.stream(s.split(",")).map(String::trim).map(Long::parseLong).toList();
  }

  /** Appends one line and forces it to disk before returning. */
  static void appendDurably(Path file, String line) {
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The complete lines of a file (a last line without its newline, cut by a kill, is left out). */
  static List<String> completeLines(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String readQuietly(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** {@code key=value} fields of a log line. */
  static Map<String, String> fields(String line) {
    Map<String, String> out = new HashMap<>();
    for (String part : line.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }

  /**
   * {@code java} with this JVM's classpath and module flags, running {@code main} with {@code
   * args}.
   */
  /**
   * The system property that names a Hadoop configuration file (XML) a worker process adds to its
   * configuration, for a table on a filesystem that needs settings (S3).
   */
  static final String HADOOP_CONF = "lancelot.test.hadoop.conf";

  /** A worker process's Hadoop configuration: the defaults plus the file {@link #HADOOP_CONF}. */
  static org.apache.hadoop.conf.Configuration workerConf() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    String file = System.getProperty(HADOOP_CONF);
    if (file != null) {
      conf.addResource(new org.apache.hadoop.fs.Path(file));
    }
    return conf;
  }

  static List<String> javaCommand(Class<?> main, String... args) {
    return javaCommand(List.of(), main, args);
  }

  /** As {@link #javaCommand(Class, String...)}, with more JVM options before the main class. */
  static List<String> javaCommand(List<String> jvmOptions, Class<?> main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
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
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Files directly in a folder of the table, as seen on disk (checksum sidecars and hidden files
   * included).
   */
  static Set<String> namesIn(Path dir) {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(java.util.TreeSet::new));
    } catch (java.nio.file.NoSuchFileException e) {
      return new java.util.TreeSet<>();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
