package io.github.lancelot.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/**
 * How the cost of reading and writing a table grows with its age, the number of commits in its log,
 * on Lancelot and on Delta Lake: both tables get the same history of 10-row appends, and at each
 * age the benchmark times, cold (no snapshot cached), opening the table and counting its rows, one
 * 10-row {@code INSERT}, time travel to an early and to a middle version, and {@code DESCRIBE
 * HISTORY ... LIMIT 10}. Prints a Markdown report and writes it, with a CSV of every median, to the
 * report file and the file beside it.
 */
public final class TableAgeBenchmark {
  private static final List<String> OPERATIONS =
      List.of(
          "open and count(*) the latest version",
          "INSERT 10 rows",
          "count(*) VERSION AS OF commit 5",
          "count(*) VERSION AS OF the middle commit",
          "DESCRIBE HISTORY LIMIT 10");

  private final SparkSession spark;
  private final int repeats;
  private final String lancelotTable = "lance.age.t";
  private final Path deltaPath;
  private long nextId = 1_000_000_000L;

  /** Median milliseconds by commits, then operation, then format. */
  private final Map<Long, Map<String, Map<String, Double>>> results = new LinkedHashMap<>();

  private TableAgeBenchmark(SparkSession spark, int repeats, Path deltaPath) {
    this.spark = spark;
    this.repeats = repeats;
    this.deltaPath = deltaPath;
  }

  public static void main(String[] args) throws Exception {
    List<Long> ages = List.of(10L, 100L, 1_000L, 10_000L);
    List<String> formats = List.of("lancelot", "delta");
    int repeats = 3;
    long deltaUpTo = Long.MAX_VALUE;
    Path dir = Path.of("target", "age-warehouse");
    Path report = Path.of("target", "table-age-results.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--ages" -> ages = Arrays.stream(args[i + 1].split(",")).map(Long::valueOf).toList();
        case "--formats" -> formats = List.of(args[i + 1].toLowerCase(Locale.ROOT).split(","));
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--delta-up-to" -> deltaUpTo = Long.parseLong(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--report" -> report = Path.of(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; arguments: [--ages 10,100,...] [--formats lancelot,delta] [--repeats N]"
                    + " [--delta-up-to COMMITS]"
                    + " [--dir FOLDER] [--report FILE.md]");
      }
    }
    FileUtils.deleteDirectory(dir.toFile());
    Files.createDirectories(dir);
    SparkSession spark = BenchmarkMain.session(dir);
    spark.sparkContext().setLogLevel("WARN");
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.age");
    TableAgeBenchmark bench =
        new TableAgeBenchmark(spark, repeats, dir.toAbsolutePath().resolve("delta-t"));
    String lancelotLocation =
        dir.toAbsolutePath().resolve("lance").resolve("age").resolve("t").toString();
    StringBuilder builds = new StringBuilder();
    try (LancelotHistory lancelot =
        new LancelotHistory(lancelotLocation, spark.sparkContext().hadoopConfiguration())) {
      DeltaHistory delta = new DeltaHistory(spark, bench.deltaPath);
      for (long age : ages) {
        long lastDeltaAge = deltaUpTo;
        List<String> measured =
            formats.stream().filter(f -> !f.equals("delta") || age <= lastDeltaAge).toList();
        if (formats.contains("lancelot")) {
          long start = System.nanoTime();
          lancelot.growTo(age);
          builds.append(buildLine("Lancelot", age, start));
        }
        if (measured.contains("delta")) {
          long start = System.nanoTime();
          delta.growTo(age);
          builds.append(buildLine("Delta", age, start));
        }
        System.out.print(builds);
        bench.measure(age, measured);
      }
    }
    String markdown = bench.report(ages, formats, builds.toString());
    System.out.println(markdown);
    Files.createDirectories(report.toAbsolutePath().getParent());
    Files.writeString(report, markdown);
    Path csv =
        report.resolveSibling(report.getFileName().toString().replaceAll("\\.md$", "") + ".csv");
    Files.writeString(csv, bench.csv());
    spark.stop();
  }

  private static String buildLine(String format, long age, long startNanos) {
    return String.format(
        Locale.ROOT,
        "- %s history grown to %,d commits in %.1f s%n",
        format,
        age,
        (System.nanoTime() - startNanos) / 1e9);
  }

  private void measure(long commits, List<String> formats) {
    Map<String, Map<String, Double>> byOperation = new LinkedHashMap<>();
    results.put(commits, byOperation);
    long middle = Math.max(1, commits / 2);
    for (String operation : OPERATIONS) {
      Map<String, Double> byFormat = new LinkedHashMap<>();
      byOperation.put(operation, byFormat);
      for (String format : formats) {
        boolean lancelot = format.equals("lancelot");
        String table = lancelot ? lancelotTable : "delta.`" + deltaPath + "`";
        // Delta numbers versions from 0, Lancelot from 1: commit k is Delta's version k - 1.
        long shift = lancelot ? 0 : 1;
        Runnable run =
            switch (operation) {
              case "open and count(*) the latest version" ->
                  () ->
                      spark
                          .read()
                          .format(lancelot ? "lance" : "delta")
                          .load(lancelot ? lancelotLocation() : deltaPath.toString())
                          .count();
              case "INSERT 10 rows" -> () -> spark.sql("INSERT INTO " + table + " " + tenRows());
              case "count(*) VERSION AS OF commit 5" ->
                  () ->
                      spark
                          .sql("SELECT count(*) FROM " + table + " VERSION AS OF " + (5 - shift))
                          .collect();
              case "count(*) VERSION AS OF the middle commit" ->
                  () ->
                      spark
                          .sql(
                              "SELECT count(*) FROM "
                                  + table
                                  + " VERSION AS OF "
                                  + (middle - shift))
                          .collect();
              case "DESCRIBE HISTORY LIMIT 10" ->
                  () -> spark.sql("DESCRIBE HISTORY " + table + " LIMIT 10").collect();
              default -> throw new IllegalStateException(operation);
            };
        double median = time(run);
        byFormat.put(format, median);
        System.out.printf(
            Locale.ROOT, "%,d commits | %s | %s | %.1f ms%n", commits, operation, format, median);
      }
    }
  }

  private String lancelotLocation() {
    return spark.conf().get("spark.sql.catalog.lance.warehouse") + "/age/t";
  }

  private String tenRows() {
    StringBuilder sql = new StringBuilder("VALUES ");
    for (int i = 0; i < LancelotHistory.ROWS_PER_COMMIT; i++) {
      long id = nextId++;
      sql.append(i == 0 ? "" : ", ")
          .append("(")
          .append(id)
          .append("L, ")
          .append(id * 0.5)
          .append(")");
    }
    return sql.toString();
  }

  /**
   * The median of {@code repeats} cold runs, after one untimed run: Delta's cached snapshots are
   * dropped before each (Lancelot keeps none), as for a statement in a new session.
   */
  private double time(Runnable run) {
    DeltaLog.clearCache();
    run.run();
    double[] millis = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      DeltaLog.clearCache();
      long start = System.nanoTime();
      run.run();
      millis[r] = (System.nanoTime() - start) / 1e6;
    }
    return new Measurement(millis, 0, 0).median();
  }

  private String report(List<Long> ages, List<String> formats, String builds) {
    StringBuilder md = new StringBuilder();
    Runtime rt = Runtime.getRuntime();
    md.append(
        String.format(
            Locale.ROOT,
            "- machine: %d cores, Java %s, heap up to %d MiB; Spark %s, local mode; median of %d"
                + " cold runs after one untimed run%n",
            rt.availableProcessors(),
            System.getProperty("java.version"),
            rt.maxMemory() >> 20,
            spark.version(),
            repeats));
    md.append(builds).append('\n');
    md.append("| commits | operation |");
    formats.forEach(f -> md.append(' ').append(label(f)).append(" |"));
    md.append(formats.size() == 2 ? " Lancelot / Delta |\n" : "\n");
    md.append("|---:|---|").append("---:|".repeat(formats.size() == 2 ? 3 : formats.size()));
    md.append('\n');
    results.forEach(
        (commits, byOperation) ->
            byOperation.forEach(
                (operation, byFormat) -> {
                  md.append(String.format(Locale.ROOT, "| %,d | %s |", commits, operation));
                  formats.forEach(f -> md.append(' ').append(millis(byFormat.get(f))).append(" |"));
                  if (formats.size() == 2 && byFormat.size() == 2) {
                    md.append(
                        String.format(
                            Locale.ROOT,
                            " %.2fx |",
                            byFormat.get(formats.get(0)) / byFormat.get(formats.get(1))));
                  }
                  md.append(formats.size() == 2 && byFormat.size() < 2 ? " |\n" : "\n");
                }));
    long young = ages.contains(100L) ? 100L : ages.get(0);
    long old = ages.get(ages.size() - 1);
    md.append(String.format(Locale.ROOT, "%nGrowth from %,d to %,d commits:%n%n", young, old));
    md.append("| operation |");
    formats.forEach(f -> md.append(' ').append(label(f)).append(" |"));
    md.append("\n|---|").append("---:|".repeat(formats.size())).append('\n');
    for (String operation : OPERATIONS) {
      md.append("| ").append(operation).append(" |");
      for (String f : formats) {
        long oldest = young;
        for (long commits : results.keySet()) {
          if (results.get(commits).get(operation).containsKey(f)) {
            oldest = commits;
          }
        }
        double growth =
            results.get(oldest).get(operation).get(f) / results.get(young).get(operation).get(f);
        md.append(
            oldest == young
                ? " n/a |"
                : oldest == old
                    ? String.format(Locale.ROOT, " %.2fx |", growth)
                    : String.format(Locale.ROOT, " %.2fx (to %,d) |", growth, oldest));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private String csv() {
    List<String> lines = new ArrayList<>();
    lines.add("commits,operation,format,milliseconds");
    results.forEach(
        (commits, byOperation) ->
            byOperation.forEach(
                (operation, byFormat) ->
                    byFormat.forEach(
                        (format, ms) ->
                            lines.add(
                                String.format(
                                    Locale.ROOT,
                                    "%d,%s,%s,%.1f",
                                    commits,
                                    operation,
                                    label(format),
                                    ms)))));
    return String.join("\n", lines) + "\n";
  }

  private static String label(String format) {
    return format.equals("lancelot") ? "Lancelot" : "Delta";
  }

  private static String millis(Double ms) {
    if (ms == null) {
      return "not run";
    }
    return ms >= 100
        ? String.format(Locale.ROOT, "%.0f ms", ms)
        : String.format(Locale.ROOT, "%.1f ms", ms);
  }
}
