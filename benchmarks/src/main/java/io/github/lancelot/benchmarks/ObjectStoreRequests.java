package io.github.lancelot.benchmarks;

import io.github.lancelot.testing.s3.S3TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;
import org.apache.spark.sql.SparkSession;

/**
 * Counts the S3 requests each operation makes on a Lancelot table and on a Delta Lake table with
 * the same data, on a real S3-compatible server (the tests' S3Proxy, in a JVM of its own), and
 * prints them as Markdown (also written to the report file). Every request the S3A clients send is
 * counted on the wire by {@link RequestCounter}; the IOStatistics of the bucket's S3AFileSystem are
 * printed beside each measurement as a cross-check. The first repetition of every measurement is
 * traced request by request, with the calls that made each request, to a trace file next to the
 * report.
 */
public final class ObjectStoreRequests {
  private static final String BUCKET = "bench";
  private static final List<String> IO_COUNTERS =
      List.of(
          "action_http_get_request",
          "action_http_head_request",
          "object_list_request",
          "object_continue_list_request",
          "object_put_request",
          "object_delete_request",
          "object_bulk_delete_request",
          "object_copy_requests",
          "object_multipart_initiated");

  private final SparkSession spark;
  private final FileSystem fs;
  private final int repeats;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> trace = new ArrayList<>();
  private long nextId = 1_000_000;

  /** One operation on one format: the counts of each repetition. */
  record Row(String operation, String format, List<Map<String, Long>> runs) {}

  private ObjectStoreRequests(SparkSession spark, FileSystem fs, int repeats) {
    this.spark = spark;
    this.fs = fs;
    this.repeats = repeats;
  }

  public static void main(String[] args) throws Exception {
    int repeats = 3;
    Path dir = Path.of("target", "object-store-requests");
    Path report = Path.of("target", "object-store-requests.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--report" -> report = Path.of(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; arguments: [--repeats N] [--dir FOLDER] [--report FILE.md]");
      }
    }
    FileUtils.deleteDirectory(dir.toFile());
    Files.createDirectories(dir);
    try (S3TestServer server = S3TestServer.start(dir.toAbsolutePath())) {
      server.createBucket(BUCKET);
      SparkSession spark = session(server, dir.toAbsolutePath());
      try {
        spark.sparkContext().setLogLevel("WARN");
        FileSystem fs =
            FileSystem.get(
                URI.create("s3a://" + BUCKET + "/"), spark.sparkContext().hadoopConfiguration());
        ObjectStoreRequests run = new ObjectStoreRequests(spark, fs, repeats);
        long start = System.nanoTime();
        run.run(List.of(new Lancelot(), new Delta()));
        String markdown =
            run.markdown(
                spark.version(), String.format("%.0f s", (System.nanoTime() - start) / 1e9));
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        Path traceFile =
            report.toAbsolutePath().resolveSibling(report.getFileName() + ".trace.txt");
        Files.write(traceFile, run.trace);
        System.out.println("Written to " + report.toAbsolutePath() + " and " + traceFile);
      } finally {
        spark.stop();
      }
    }
  }

  static SparkSession session(S3TestServer server, Path dir) {
    SparkSession.Builder builder =
        SparkSession.builder()
            .master("local[2]")
            .appName("lancelot-object-store-requests")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", dir.resolve("spark-warehouse").toString())
            .config(
                "spark.sql.extensions",
                "io.delta.sql.DeltaSparkSessionExtension,"
                    + "io.github.lancelot.catalog.LanceSparkSessionExtensions")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog")
            .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
            .config("spark.sql.catalog.lance.warehouse", "s3a://" + BUCKET + "/lance")
            .config(
                "spark.hadoop.fs.s3a.audit.execution.interceptors", RequestCounter.class.getName());
    server.s3aProperties().forEach((k, v) -> builder.config("spark.hadoop." + k, v));
    return builder.getOrCreate();
  }

  /** How one format names, creates, versions and reads its tables. */
  interface Format {
    String name();

    String table(String base);

    String create(String base, String select);

    long version(String table);

    String fileCount(String table);

    /** Forgets what the session cached about tables, so a read opens the table afresh. */
    default void forget() {}
  }

  static final class Lancelot implements Format {
    @Override
    public String name() {
      return "Lancelot";
    }

    @Override
    public String table(String base) {
      return "lance.bench." + base;
    }

    @Override
    public String create(String base, String select) {
      return "CREATE TABLE " + table(base) + " AS " + select;
    }

    @Override
    public long version(String table) {
      return ((Number) spark().sql("SELECT max(version) FROM " + table + ".history").first().get(0))
          .longValue();
    }

    @Override
    public String fileCount(String table) {
      return spark().sql("SELECT count(*) FROM " + table + ".fragments").first().get(0).toString();
    }
  }

  static final class Delta implements Format {
    @Override
    public String name() {
      return "Delta";
    }

    @Override
    public String table(String base) {
      return "delta.`s3a://" + BUCKET + "/delta/" + base + "`";
    }

    @Override
    public String create(String base, String select) {
      return "CREATE TABLE " + table(base) + " USING delta AS " + select;
    }

    @Override
    public long version(String table) {
      return ((Number)
              spark().sql("DESCRIBE HISTORY " + table).selectExpr("max(version)").first().get(0))
          .longValue();
    }

    @Override
    public String fileCount(String table) {
      return spark().sql("DESCRIBE DETAIL " + table).select("numFiles").first().get(0).toString();
    }

    @Override
    public void forget() {
      org.apache.spark.sql.delta.DeltaLog.clearCache();
    }
  }

  private static SparkSession spark() {
    return SparkSession.active();
  }

  private void run(List<Format> formats) {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.bench");
    for (Format f : formats) {
      // Not measured: class loading, the first connection, and the check Lancelot makes once per
      // bucket and JVM that the store honours conditional PUTs (2 PUTs and 1 DELETE).
      String warm = f.table("warmup");
      sql(f.create("warmup", "SELECT id, 'w' AS name, id * 0.5 AS value FROM range(10)"));
      append(warm);
      sql("SELECT count(*) FROM " + warm);
      sql("DELETE FROM " + warm + " WHERE id = 1");
    }
    for (Format f : formats) {
      runOn(f);
    }
  }

  private void runOn(Format f) {
    System.out.println("== " + f.name());
    String t = f.table("t");
    sql(
        f.create(
            "t",
            "SELECT /*+ REPARTITION(1) */ id, concat('name-', id) AS name, id * 0.5 AS value"
                + " FROM range(1000)"));
    appendUntil(f, t, 10);
    measure("read latest: count(*), checkpoint at the latest version (v10)", f, () -> count(t, ""));
    measure("append 3 rows (table at v10..12)", f, () -> append(t));
    appendUntil(f, t, 19);
    measure("read latest: count(*), 9 commits after the checkpoint (v19)", f, () -> count(t, ""));
    measure(
        "time travel: count(*) VERSION AS OF 15 (checkpoint 10 + 5 commits)",
        f,
        () -> count(t, " VERSION AS OF 15"));
    measure(
        "time travel: count(*) VERSION AS OF 5 (no checkpoint before it)",
        f,
        () -> count(t, " VERSION AS OF 5"));
    measureOnce("append 3 rows that writes a checkpoint (v19 -> v20)", f, () -> append(t));
    List<long[]> deletable = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      deletable.add(new long[] {nextId, nextId + 1});
      append(t);
    }
    int[] next = {0};
    measure(
        "DELETE 2 rows (of one 3-row fragment/file)",
        f,
        () -> {
          long[] ids = deletable.get(next[0]++);
          sql("DELETE FROM " + t + " WHERE id IN (" + ids[0] + ", " + ids[1] + ")");
        });
    appendUntil(f, t, 100);
    measure("append 3 rows (table at v100..102)", f, () -> append(t));
    measure("read latest: count(*) (v100+, checkpoint 100)", f, () -> count(t, ""));

    String wide = f.table("t100");
    sql(
        f.create(
            "t100",
            "SELECT /*+ REPARTITION(100) */ id, concat('name-', id) AS name, id * 0.5 AS value"
                + " FROM range(100000)"));
    System.out.println(f.name() + " t100 has " + f.fileCount(wide) + " fragments/files");
    measure(
        "scan one column of 100 fragments/files: SELECT sum(value)",
        f,
        () -> sql("SELECT sum(value) FROM " + wide));
  }

  private void count(String table, String asOf) {
    sql("SELECT count(*) FROM " + table + asOf);
  }

  private void append(String table) {
    long id = nextId;
    nextId += 3;
    sql(
        "INSERT INTO "
            + table
            + " VALUES ("
            + id
            + ", 'a', 1.0), ("
            + (id + 1)
            + ", 'b', 2.0), ("
            + (id + 2)
            + ", 'c', 3.0)");
  }

  private void appendUntil(Format f, String table, long version) {
    long v = f.version(table);
    while (v < version) {
      append(table);
      v++;
    }
    if (f.version(table) != version) {
      throw new IllegalStateException(table + " is not at version " + version);
    }
  }

  private void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  private void measureOnce(String operation, Format f, Runnable op) {
    measure(operation, f, op, 1);
  }

  private void measure(String operation, Format f, Runnable op) {
    measure(operation, f, op, repeats);
  }

  private void measure(String operation, Format f, Runnable op, int times) {
    List<Map<String, Long>> runs = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      f.forget();
      Map<String, Long> ioBefore = ioCounters();
      RequestCounter.reset(i == 0);
      op.run();
      Map<String, Long> counts = RequestCounter.counts();
      List<String> requests = RequestCounter.trace();
      RequestCounter.reset(false);
      Map<String, Long> io = ioCounters();
      io.replaceAll((k, v) -> v - ioBefore.getOrDefault(k, 0L));
      io.values().removeIf(v -> v == 0);
      runs.add(counts);
      System.out.printf("%-8s %-70s %s  (S3A IOStatistics: %s)%n", f.name(), operation, counts, io);
      if (i == 0) {
        trace.add("== " + f.name() + ": " + operation);
        trace.addAll(requests);
        trace.add("");
      }
    }
    rows.add(new Row(operation, f.name(), runs));
  }

  private Map<String, Long> ioCounters() {
    IOStatistics stats = IOStatisticsSupport.retrieveIOStatistics(fs);
    Map<String, Long> out = new TreeMap<>();
    if (stats != null) {
      for (String name : IO_COUNTERS) {
        Long v = stats.counters().get(name);
        if (v != null) {
          out.put(name, v);
        }
      }
    }
    return out;
  }

  private String markdown(String sparkVersion, String duration) {
    List<String> kinds = new ArrayList<>();
    for (String kind : RequestCounter.KINDS) {
      boolean seen =
          rows.stream()
              .anyMatch(r -> r.runs().stream().anyMatch(m -> m.getOrDefault(kind, 0L) > 0));
      if (seen || List.of("GET", "HEAD", "LIST", "PUT", "DELETE").contains(kind)) {
        kinds.add(kind);
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("S3 requests per operation (median of ")
        .append(repeats)
        .append(" runs; a range where the runs differ), Spark ")
        .append(sparkVersion)
        .append(", run took ")
        .append(duration)
        .append("\n\n| Operation | Format |");
    kinds.forEach(k -> out.append(' ').append(k).append(" |"));
    out.append(" Total |\n|---|---|");
    kinds.forEach(k -> out.append("---:|"));
    out.append("---:|\n");
    Map<String, List<Row>> byOperation = new LinkedHashMap<>();
    for (Row r : rows) {
      byOperation.computeIfAbsent(r.operation(), k -> new ArrayList<>()).add(r);
    }
    byOperation.forEach(
        (operation, formatRows) -> {
          for (Row r : formatRows) {
            out.append("| ").append(operation).append(" | ").append(r.format()).append(" |");
            for (String k : kinds) {
              out.append(' ').append(cell(r.runs(), m -> m.getOrDefault(k, 0L))).append(" |");
            }
            out.append(" **")
                .append(cell(r.runs(), m -> m.values().stream().mapToLong(Long::longValue).sum()))
                .append("** |\n");
          }
        });
    return out.toString();
  }

  private static String cell(
      List<Map<String, Long>> runs, java.util.function.ToLongFunction<Map<String, Long>> value) {
    long[] v = runs.stream().mapToLong(value).sorted().toArray();
    long median = v[v.length / 2];
    return v[0] == v[v.length - 1]
        ? Long.toString(median)
        : median + " (" + v[0] + "–" + v[v.length - 1] + ")";
  }
}
