package io.github.lancelot.benchmarks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The settings of one benchmark run, read from the command line. */
record BenchmarkOptions(
    long rows,
    int repeats,
    int rowLevelRepeats,
    List<String> formats,
    Path dir,
    Path report,
    long warmupRows) {
  static final String USAGE =
      "arguments: [--rows N] [--repeats N] [--row-level-repeats N] [--formats lancelot,delta,delta-dv,iceberg,iceberg-mor,parquet]"
          + " [--dir FOLDER] [--report FILE.md] [--warmup-rows N]";

  static BenchmarkOptions parse(String[] args) {
    long rows = 2_000_000;
    int repeats = 3;
    int rowLevelRepeats = 2;
    List<String> formats = List.of("lancelot", "delta", "iceberg", "parquet");
    Path dir = Path.of("target", "bench-warehouse");
    Path report = Path.of("target", "benchmark-results.md");
    long warmupRows = 20_000;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("no value after " + args[i] + "; " + USAGE);
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(value);
        case "--repeats" -> repeats = Integer.parseInt(value);
        case "--row-level-repeats" -> rowLevelRepeats = Integer.parseInt(value);
        case "--formats" -> formats = Arrays.stream(value.split(",")).map(String::trim).toList();
        case "--dir" -> dir = Path.of(value);
        case "--report" -> report = Path.of(value);
        case "--warmup-rows" -> warmupRows = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; " + USAGE);
      }
    }
    if (rows < 10_000) {
      throw new IllegalArgumentException("--rows must be at least 10000, not " + rows);
    }
    if (repeats < 1 || rowLevelRepeats < 1) {
      throw new IllegalArgumentException("--repeats and --row-level-repeats must be at least 1");
    }
    return new BenchmarkOptions(rows, repeats, rowLevelRepeats, formats, dir, report, warmupRows);
  }
}
