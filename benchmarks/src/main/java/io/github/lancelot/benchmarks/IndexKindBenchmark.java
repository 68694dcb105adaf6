package io.github.lancelot.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares approximate-nearest-neighbour index kinds in one JVM, to choose the kind Lancelot
 * builds: an exact scan (the ground truth), Lancelot's {@code ivf_flat} index as the product builds
 * and searches it, Lucene's HNSW graph, one per fragment and merged into one, and jvector's graph.
 * For each data set and size: build time, index size, the latency of single-threaded top-10 queries
 * (p50/p95/p99) and recall@10 against the exact scan, for each search setting. Prints a Markdown
 * report and writes it to a file.
 *
 * <p>Arguments: {@code --rows 100000,200000 --dimension d --queries q --data clustered,noisy
 * --kinds exact,ivf,hnsw,jvector --fragments f --dir folder --report file}.
 */
public final class IndexKindBenchmark {
  private static final int K = 10;
  private static final int WARM_UP = 10;

  private final int queries;
  private final int fragments;
  private final Path dir;
  private final List<String> kinds;
  private final StringBuilder report = new StringBuilder();

  private IndexKindBenchmark(int queries, int fragments, Path dir, List<String> kinds) {
    this.queries = queries;
    this.fragments = fragments;
    this.dir = dir;
    this.kinds = kinds;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(100_000, 200_000);
    int dimension = 384;
    int queries = 100;
    int fragments = 2;
    List<String> data = List.of("clustered", "noisy");
    List<String> kinds = List.of("exact", "ivf", "hnsw", "jvector");
    Path dir = Path.of("benchmarks/target/index-kinds-work");
    Path reportFile = Path.of("benchmarks/target/index-kinds-results.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--rows" -> sizes = Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
        case "--dimension" -> dimension = Integer.parseInt(value);
        case "--queries" -> queries = Integer.parseInt(value);
        case "--fragments" -> fragments = Integer.parseInt(value);
        case "--data" -> data = List.of(value.split(","));
        case "--kinds" -> kinds = List.of(value.split(","));
        case "--dir" -> dir = Path.of(value);
        case "--report" -> reportFile = Path.of(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    IndexKindBenchmark benchmark = new IndexKindBenchmark(queries, fragments, dir, kinds);
    benchmark.header(dimension);
    for (String name : data) {
      for (int rows : sizes) {
        benchmark.run(VectorDataSet.generate(name, rows, dimension, queries));
      }
    }
    benchmark.line("");
    benchmark.line("Load average at the end: " + load() + ".");
    Files.createDirectories(reportFile.toAbsolutePath().getParent());
    Files.writeString(reportFile, benchmark.report.toString());
  }

  private void header(int dimension) {
    Runtime runtime = Runtime.getRuntime();
    line(
        "# Index kinds: "
            + dimension
            + "-dimensional normalised vectors, top "
            + K
            + ", one query at a time");
    line("");
    line(
        "Machine: "
            + runtime.availableProcessors()
            + " cores, heap "
            + runtime.maxMemory() / (1 << 20)
            + " MiB, Java "
            + System.getProperty("java.version")
            + ", load average at the start "
            + load()
            + ". "
            + queries
            + " queries per setting, each timed alone after "
            + WARM_UP
            + " warm-up queries; recall@"
            + K
            + " against the exact scan; index builds on "
            + fragments
            + " threads ("
            + fragments
            + " fragments).");
    line("");
    line("| data | rows | index | build | size | search | p50 | p95 | p99 | recall@" + K + " |");
    line("|---|---:|---|---:|---:|---|---:|---:|---:|---:|");
  }

  private static String load() {
    return String.format(
        "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private void run(VectorDataSet data) throws Exception {
    Path work = dir.resolve(data.name() + "-" + data.vectors().length);
    deleteRecursively(work);
    Files.createDirectories(work);
    long[][] exact = new long[queries][];
    try (ExactScan scan = new ExactScan()) {
      scan.build(data);
      for (int q = 0; q < queries; q++) {
        exact[q] = scan.search(data.queries()[q], K, "");
      }
      if (kinds.contains("exact")) {
        measure(data, scan, 0, exact);
      }
    }
    if (kinds.contains("ivf")) {
      try (LancelotIvfFlat ivf = new LancelotIvfFlat(work, fragments)) {
        ivf.writeTable(data);
        measure(data, ivf, timeBuild(ivf, data), exact);
      }
      deleteRecursively(work);
    }
    if (kinds.contains("hnsw")) {
      try (LuceneHnsw hnsw = new LuceneHnsw(work, fragments)) {
        double build = timeBuild(hnsw, data);
        String graph = String.format(" (graph %s)", mib(hnsw.graphBytes()));
        measure(data, hnsw, build, exact, graph, "");
        System.gc();
        long start = System.nanoTime();
        hnsw.mergeIntoOneGraph();
        double merge = (System.nanoTime() - start) / 1e9;
        measure(
            data,
            hnsw,
            build + merge,
            exact,
            String.format(" (graph %s)", mib(hnsw.graphBytes())),
            String.format(" (%.1f s + merge %.1f s)", build, merge));
      }
      deleteRecursively(work);
    }
    if (kinds.contains("jvector")) {
      try (JVectorGraph graph = new JVectorGraph()) {
        measure(data, graph, timeBuild(graph, data), exact);
      }
    }
  }

  private static double timeBuild(IndexKind kind, VectorDataSet data) throws Exception {
    System.gc();
    long start = System.nanoTime();
    kind.build(data);
    return (System.nanoTime() - start) / 1e9;
  }

  private void measure(VectorDataSet data, IndexKind kind, double build, long[][] exact)
      throws Exception {
    measure(data, kind, build, exact, "", "");
  }

  private void measure(
      VectorDataSet data,
      IndexKind kind,
      double build,
      long[][] exact,
      String sizeDetail,
      String buildDetail)
      throws Exception {
    String size = kind.sizeInBytes() == 0 ? "-" : mib(kind.sizeInBytes()) + sizeDetail;
    for (String setting : kind.settings()) {
      for (int q = 0; q < Math.min(WARM_UP, queries); q++) {
        kind.search(data.queries()[q], K, setting);
      }
      double[] millis = new double[queries];
      double recall = 0;
      for (int q = 0; q < queries; q++) {
        long start = System.nanoTime();
        long[] found = kind.search(data.queries()[q], K, setting);
        millis[q] = (System.nanoTime() - start) / 1e6;
        recall += overlap(found, exact[q]) / (double) K;
      }
      Arrays.sort(millis);
      line(
          String.format(
              "| %s | %,d | %s | %s | %s | %s | %.2f ms | %.2f ms | %.2f ms | %.3f |",
              data.name(),
              data.vectors().length,
              kind.name(),
              build == 0 ? "-" : String.format("%.1f s", build) + buildDetail,
              size,
              setting,
              percentile(millis, 50),
              percentile(millis, 95),
              percentile(millis, 99),
              recall / queries));
    }
  }

  private static int overlap(long[] found, long[] exact) {
    Set<Long> both = new HashSet<>();
    for (long id : found) {
      both.add(id);
    }
    int n = 0;
    for (long id : exact) {
      n += both.contains(id) ? 1 : 0;
    }
    return n;
  }

  /** The nearest-rank percentile of sorted values. */
  private static double percentile(double[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private void line(String s) {
    report.append(s).append('\n');
    System.out.println(s);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
