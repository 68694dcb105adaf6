package io.github.lancelot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the benchmark's generated table as Lancelot with each buffer codec (none, lz4, zstd; the
 * embedding as a list and as a 128-float vector), as plain Parquet and as Delta Lake (both with
 * Spark's default snappy), and measures for each the bytes on disk, the write and three scans: the
 * data Lancelot's default codec is chosen from. Every operation runs on every table before the next
 * starts, so all see the same JVM warmth and machine load. Prints Markdown and writes it with a CSV
 * of the same numbers.
 */
public final class CompressionBenchmark {
  static final String WRITE = "write";
  static final String AGGREGATE = "full scan, aggregate of scalar columns";
  static final String ONE_COLUMN = "scan of one scalar column";
  static final String EMBEDDING = "scan of the embedding";
  private static final List<String> OPERATIONS = List.of(WRITE, AGGREGATE, ONE_COLUMN, EMBEDDING);

  /** One way of storing the table: a Spark data source with its write options. */
  record Variant(String name, String source, String codec, Map<String, String> options) {
    boolean lancelot() {
      return source.equals("lance");
    }
  }

  /** One variant at one size: its measurements by operation and its files. */
  record Result(long rows, Variant variant, Map<String, Measurement> byOperation, long[] bytes) {}

  private CompressionBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Long> sizes = List.of(1_000_000L);
    int repeats = 3;
    Path dir = Path.of("target", "compression-work");
    Path report = Path.of("target", "compression-results.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--rows" -> sizes = Arrays.stream(value.split(",")).map(Long::parseLong).toList();
        case "--repeats" -> repeats = Integer.parseInt(value);
        case "--dir" -> dir = Path.of(value);
        case "--report" -> report = Path.of(value);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; arguments: [--rows N,N] [--repeats N] [--dir D]"
                    + " [--report FILE.md] (the CSV is written beside it)");
      }
    }
    FileUtils.deleteDirectory(dir.toFile());
    SparkSession spark = BenchmarkMain.session(dir);
    try {
      spark.sparkContext().setLogLevel("WARN");
      long start = System.nanoTime();
      System.out.println("Warming up on 10,000 rows");
      run(spark, dir.resolve("warmup"), 10_000, 1);
      List<Result> results = new ArrayList<>();
      for (long rows : sizes) {
        System.out.printf(
            "Running on %,d rows, %d repetitions (writes %d)%n",
            rows, repeats, writeRepeats(repeats));
        results.addAll(run(spark, dir.resolve("rows-" + rows), rows, repeats));
        // Written after each size, so a long run leaves the sizes it finished.
        String markdown =
            markdown(results, repeats, spark.version(), (System.nanoTime() - start) / 1e9);
        System.out.println();
        System.out.println(markdown);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        Path csv = report.resolveSibling(report.getFileName().toString().replace(".md", ".csv"));
        Files.writeString(csv, csv(results));
        System.out.println("Written to " + report.toAbsolutePath() + " and " + csv);
      }
    } finally {
      spark.stop();
    }
  }

  static List<Variant> variants() {
    String vector = "embedding.arrow.fixed-size-list.size";
    String size = String.valueOf(GeneratedData.DIMENSION);
    List<Variant> out = new ArrayList<>();
    for (String codec : List.of("none", "lz4", "zstd")) {
      out.add(new Variant("Lancelot " + codec, "lance", codec, Map.of("compression", codec)));
    }
    for (String codec : List.of("none", "lz4", "zstd")) {
      out.add(
          new Variant(
              "Lancelot " + codec + ", VECTOR(128)",
              "lance",
              codec,
              Map.of("compression", codec, vector, size)));
    }
    out.add(new Variant("Parquet", "parquet", "snappy", Map.of()));
    out.add(new Variant("Delta", "delta", "snappy", Map.of()));
    return out;
  }

  private static List<Result> run(SparkSession spark, Path dir, long rows, int repeats)
      throws Exception {
    List<Variant> variants = variants();
    Map<Variant, Map<String, Measurement>> measured = new LinkedHashMap<>();
    variants.forEach(v -> measured.put(v, new LinkedHashMap<>()));
    for (Variant v : variants) {
      Path path = dir.resolve(v.name().replaceAll("[^A-Za-z0-9]+", "-"));
      measured
          .get(v)
          .put(
              WRITE,
              Measurement.of(
                  writeRepeats(repeats),
                  r -> FileUtils.deleteDirectory(path.toFile()),
                  r ->
                      spark
                          .sql(GeneratedData.rows(0, rows))
                          .write()
                          .format(v.source())
                          .options(v.options())
                          .save(path.toAbsolutePath().toString())));
      spark
          .read()
          .format(v.source())
          .load(path.toAbsolutePath().toString())
          .createOrReplaceTempView(view(v));
    }
    query(spark, variants, measured, repeats, AGGREGATE, Workload::aggregate);
    query(spark, variants, measured, repeats, ONE_COLUMN, t -> "SELECT sum(value) FROM " + t);
    query(
        spark,
        variants,
        measured,
        repeats,
        EMBEDDING,
        t -> "SELECT sum(embedding[0]), sum(size(embedding)) FROM " + t);
    List<Result> out = new ArrayList<>();
    for (Variant v : variants) {
      Path path = dir.resolve(v.name().replaceAll("[^A-Za-z0-9]+", "-"));
      out.add(new Result(rows, v, measured.get(v), bytes(path)));
    }
    return out;
  }

  /** Writes take most of a run's time; they are repeated at most twice. */
  private static int writeRepeats(int repeats) {
    return Math.min(2, repeats);
  }

  private static String view(Variant v) {
    return "compression_" + v.name().replaceAll("[^A-Za-z0-9]+", "_");
  }

  private interface Sql {
    String of(String view);
  }

  /** Times a query on every variant; all must give the same answer. */
  private static void query(
      SparkSession spark,
      List<Variant> variants,
      Map<Variant, Map<String, Measurement>> measured,
      int repeats,
      String op,
      Sql sql)
      throws Exception {
    Map<String, List<Row>> answers = new LinkedHashMap<>();
    for (Variant v : variants) {
      String q = sql.of(view(v));
      Measurement m =
          Measurement.of(
              repeats,
              Measurement.Step.NONE,
              r -> answers.put(v.name(), spark.sql(q).collectAsList()));
      measured.get(v).put(op, m);
      System.out.printf("%-40s %-28s %s%n", op, v.name(), Report.time(m.median()));
    }
    Workload.requireSame(op, answers);
  }

  /**
   * The bytes of the table's data files and of its log (files in folders starting with {@code _}:
   * Lancelot's {@code _versions}, Delta's {@code _delta_log}); the local file system's hidden
   * {@code .crc} checksum files are not the format's and are left out.
   */
  private static long[] bytes(Path table) throws IOException {
    long[] out = new long[2];
    try (Stream<Path> files = Files.walk(table)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".crc")) {
          continue;
        }
        boolean log = table.relativize(f).getName(0).toString().startsWith("_");
        out[log ? 1 : 0] += Files.size(f);
      }
    }
    return out;
  }

  private static String markdown(List<Result> results, int repeats, String spark, double seconds) {
    StringBuilder b = new StringBuilder();
    Runtime rt = Runtime.getRuntime();
    b.append(
        String.format(
            "- %d cores, Java %s, heap up to %d MiB, Spark %s local[%d]; median of %d"
                + " repetitions (writes: %d); run of %.0f s so far%n%n",
            rt.availableProcessors(),
            System.getProperty("java.version"),
            rt.maxMemory() >> 20,
            spark,
            rt.availableProcessors(),
            repeats,
            writeRepeats(repeats),
            seconds));
    for (long rows : results.stream().map(Result::rows).distinct().toList()) {
      List<Result> atSize = results.stream().filter(r -> r.rows() == rows).toList();
      long none = atSize.get(0).bytes()[0] + atSize.get(0).bytes()[1];
      b.append(String.format("%,d rows%n%n", rows))
          .append("| table | codec | on disk | vs none | log | write |")
          .append(" aggregate | one column | embedding | off-heap peak: write, scans (MiB) |\n")
          .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (Result r : atSize) {
        long total = r.bytes()[0] + r.bytes()[1];
        b.append("| ")
            .append(r.variant().name())
            .append(" | ")
            .append(r.variant().codec())
            .append(
                String.format(
                    " | %.1f MiB | %.2f | %.1f KiB |",
                    mib(total), total / (double) none, r.bytes()[1] / 1024.0));
        for (String op : OPERATIONS) {
          b.append(' ').append(Report.time(r.byOperation().get(op).median())).append(" |");
        }
        b.append(' ');
        if (r.variant().lancelot()) {
          List<String> peaks = new ArrayList<>();
          for (String op : OPERATIONS) {
            peaks.add(String.format("%.1f", mib(r.byOperation().get(op).peakOffHeapBytes())));
          }
          b.append(String.join(", ", peaks));
        } else {
          b.append("n/a (no Arrow)");
        }
        b.append(" |\n");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static String csv(List<Result> results) {
    StringBuilder b =
        new StringBuilder(
            "rows,table,codec,data_bytes,log_bytes,write_ms,aggregate_ms,one_column_ms,embedding_ms,"
                + "offheap_peak_write_bytes,offheap_peak_aggregate_bytes,"
                + "offheap_peak_one_column_bytes,offheap_peak_embedding_bytes\n");
    for (Result r : results) {
      b.append(r.rows())
          .append(",\"")
          .append(r.variant().name())
          .append("\",")
          .append(r.variant().codec())
          .append(',')
          .append(r.bytes()[0])
          .append(',')
          .append(r.bytes()[1]);
      for (String op : OPERATIONS) {
        b.append(String.format(",%.1f", r.byOperation().get(op).median()));
      }
      for (String op : OPERATIONS) {
        b.append(',')
            .append(r.variant().lancelot() ? r.byOperation().get(op).peakOffHeapBytes() : "");
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static double mib(long bytes) {
    return bytes / (double) (1 << 20);
  }
}
