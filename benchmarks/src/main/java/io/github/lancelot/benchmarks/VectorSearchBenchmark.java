package io.github.lancelot.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Nearest-neighbour search end to end through Spark SQL, one query at a time, on a Lancelot table
 * of synthetic clustered, normalised vectors: the exact search the scan runs, the same query with
 * Spark sorting every row itself, and the search through an {@code ivf_flat} index at several probe
 * counts (time per query and recall@10 against the exact search), also at the indexed version after
 * 20% of the rows were updated. Prints a Markdown report and writes it to a file.
 *
 * <p>Arguments: {@code --rows n --dimension d --queries q --dir folder --report file [--exact-only
 * true]} (the last stops before the index is built).
 */
public final class VectorSearchBenchmark {
  private final SparkSession spark;
  private final int dimension;
  private final int clusters;
  private final boolean exactOnly;
  private final StringBuilder report = new StringBuilder();

  private VectorSearchBenchmark(
      SparkSession spark, int dimension, int clusters, boolean exactOnly) {
    this.spark = spark;
    this.exactOnly = exactOnly;
    this.dimension = dimension;
    this.clusters = clusters;
  }

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int dimension = 384;
    int queries = 20;
    Path dir = Path.of("benchmarks/target/vector-warehouse");
    Path reportFile = Path.of("benchmarks/target/vector-search-results.md");
    boolean exactOnly = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[i + 1]);
        case "--dimension" -> dimension = Integer.parseInt(args[i + 1]);
        case "--queries" -> queries = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--report" -> reportFile = Path.of(args[i + 1]);
        case "--exact-only" -> exactOnly = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    deleteRecursively(dir);
    Files.createDirectories(dir);
    SparkSession spark =
        SparkSession.builder()
            .master("local[" + Runtime.getRuntime().availableProcessors() + "]")
            .appName("lancelot-vector-benchmark")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "8")
            .config(
                "spark.sql.extensions", "io.github.lancelot.catalog.LanceSparkSessionExtensions")
            .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
            .config("spark.sql.catalog.lance.warehouse", dir.toAbsolutePath().toString())
            .getOrCreate();
    int clusters = (int) Math.max(1, Math.sqrt(rows));
    new VectorSearchBenchmark(spark, dimension, clusters, exactOnly).run(rows, queries);
    spark.stop();
    Files.createDirectories(reportFile.toAbsolutePath().getParent());
    Files.writeString(reportFile, LAST_REPORT.toString());
    System.out.println(LAST_REPORT);
  }

  private static final StringBuilder LAST_REPORT = new StringBuilder();

  /** How far a row lies from its cluster's centre: the noise's deviation per element. */
  static final double EMBEDDING_NOISE = 0.75;

  /**
   * The vector of row {@code id} before normalising, as the search benchmark writes it: its
   * cluster's centre ({@code id mod clusters}), a Gaussian vector in all the dimensions, plus
   * Gaussian noise in every dimension, three quarters of the centre's length.
   */
  static double[] embedding(long id, int dimension, int clusters) {
    SplittableRandom centre = new SplittableRandom((id % clusters) * 0x9E3779B97F4A7C15L + 1);
    SplittableRandom noise = new SplittableRandom(id * 0xBF58476D1CE4E5B9L + 7);
    double[] v = new double[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] = centre.nextGaussian() + EMBEDDING_NOISE * noise.nextGaussian();
    }
    return v;
  }

  /**
   * A vector of the index comparison's {@code clustered} data: two sinusoids over the dimensions,
   * so the data spans only four dimensions.
   */
  static double[] raw(long id, int dimension, int clusters) {
    double[] v = new double[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] =
          Math.sin((id % clusters) * 7.13 + d * 1.31) + 0.3 * Math.sin(id * 12.9898 + d * 78.233);
    }
    return v;
  }

  /**
   * The rows of one of {@code parts} ranges of ids, each with its vector: computed in Java on the
   * executors, since Spark's higher-order functions would take far longer for 384 values a row.
   */
  private static final class GeneratedRows implements FlatMapFunction<Integer, Row> {
    private final long rows;
    private final int parts;
    private final int dimension;
    private final int clusters;

    GeneratedRows(long rows, int parts, int dimension, int clusters) {
      this.rows = rows;
      this.parts = parts;
      this.dimension = dimension;
      this.clusters = clusters;
    }

    @Override
    public Iterator<Row> call(Integer part) {
      long from = rows * part / parts;
      long to = rows * (part + 1) / parts;
      return LongStream.range(from, to)
          .mapToObj(id -> RowFactory.create(id, normalised(embedding(id, dimension, clusters))))
          .iterator();
    }
  }

  static float[] normalised(double[] v) {
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[v.length];
    for (int d = 0; d < v.length; d++) {
      out[d] = (float) (v[d] / norm);
    }
    return out;
  }

  /** A query near row {@code id}: its vector plus a little noise, normalised. */
  static float[] queryNear(long id, int dimension, int clusters) {
    double[] v = raw(id, dimension, clusters);
    for (int d = 0; d < dimension; d++) {
      v[d] += 0.05 * Math.cos(d * 3.7 + id);
    }
    return normalised(v);
  }

  /** A query near row {@code id} of the search benchmark, as a SQL array literal. */
  private String queryNear(long id) {
    double[] raw = embedding(id, dimension, clusters);
    for (int d = 0; d < dimension; d++) {
      raw[d] += 0.05 * Math.cos(d * 3.7 + id);
    }
    float[] v = normalised(raw);
    StringBuilder sb = new StringBuilder("array(");
    for (int d = 0; d < dimension; d++) {
      sb.append(d == 0 ? "" : ", ").append(v[d]).append('F');
    }
    return sb.append(')').toString();
  }

  private void run(long rows, int queries) throws Exception {
    line("# Vector search: " + rows + " x " + dimension + " clustered normalised vectors, top 10");
    line("");
    line(
        "Machine: "
            + Runtime.getRuntime().availableProcessors()
            + " cores, heap "
            + Runtime.getRuntime().maxMemory() / (1 << 20)
            + " MiB, Spark "
            + spark.version()
            + ".");
    line("");
    long start = System.nanoTime();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.db");
    spark.sql(
        "CREATE TABLE lance.db.vectors (id BIGINT, vec ARRAY<FLOAT>) TBLPROPERTIES "
            + "('vec.arrow.fixed-size-list.size' = '"
            + dimension
            + "')");
    int parts = Runtime.getRuntime().availableProcessors();
    JavaRDD<Row> generated =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(IntStream.range(0, parts).boxed().toList(), parts)
            .flatMap(new GeneratedRows(rows, parts, dimension, clusters));
    spark
        .createDataFrame(
            generated,
            new StructType()
                .add("id", DataTypes.LongType)
                .add("vec", DataTypes.createArrayType(DataTypes.FloatType)))
        .writeTo("lance.db.vectors")
        .append();
    line("| step | result |");
    line("|---|---|");
    line("| write the table | " + seconds(System.nanoTime() - start) + " |");
    List<String> qs = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      qs.add(queryNear(i * 7919L % rows));
    }
    spark.conf().set("spark.lancelot.vectorIndex.enabled", "false");
    List<List<Long>> exact = new ArrayList<>();
    Latencies pushed = timeEach(qs, "lance.db.vectors", exact);
    line(
        "| exact search pushed into the scan, p50 / p90 / max of "
            + queries
            + " queries | "
            + pushed
            + " |");
    List<String> few = qs.subList(0, Math.min(5, qs.size()));
    Latencies sorted =
        timeEach(few, "(SELECT * FROM lance.db.vectors WHERE id + 0 >= 0)", new ArrayList<>());
    line(
        "| the same query with Spark sorting every row by the same function (a filter Spark evaluates, `id + 0 >= 0`, keeps the search out of the scan), p50 / p90 / max of "
            + few.size()
            + " | "
            + sorted
            + " |");
    List<String> two = qs.subList(0, Math.min(2, qs.size()));
    Latencies plain = timeEach(two, VectorSearchBenchmark::plainSparkSql, new ArrayList<>());
    line(
        "| the same query in plain Spark SQL, the distance written with `zip_with` and `aggregate` (the walkthrough's form before the vector functions), p50 / max of "
            + two.size()
            + " | "
            + String.format("%.3f / %.3f s", plain.p50(), plain.max())
            + " |");
    line(
        "| pushed exact search: speed-up against plain Spark SQL / against Spark sorting by the function (medians) | "
            + String.format(
                "%.1fx / %.1fx", plain.p50() / pushed.p50(), sorted.p50() / pushed.p50())
            + " |");
    spark.sql(
        "CREATE TABLE lance.db.few_vectors TBLPROPERTIES ('vec.arrow.fixed-size-list.size' = '"
            + dimension
            + "') AS SELECT * FROM lance.db.vectors LIMIT 1000");
    Latencies tiny = timeEach(qs, "lance.db.few_vectors", new ArrayList<>());
    line(
        "| the same query on a table of 1,000 of these rows (what a statement costs whatever the table's size), p50 / p90 / max | "
            + tiny
            + " |");
    Latencies floor =
        timeEach(
            qs, q -> "SELECT id FROM lance.db.few_vectors ORDER BY id LIMIT 10", new ArrayList<>());
    line(
        "| `SELECT id FROM <the 1,000-row table> ORDER BY id LIMIT 10`, Spark's own cost of a statement, p50 / p90 / max | "
            + floor
            + " |");
    spark.conf().unset("spark.lancelot.vectorIndex.enabled");
    if (exactOnly) {
      LAST_REPORT.append(report);
      return;
    }

    start = System.nanoTime();
    spark.sql("CREATE VECTOR INDEX by_vec ON lance.db.vectors (vec) USING ivf_flat");
    line(
        "| CREATE VECTOR INDEX (ivf_flat, defaults) | "
            + seconds(System.nanoTime() - start)
            + " |");
    String parameters =
        spark
            .sql("SELECT parameters FROM lance.db.vectors.indexes")
            .collectAsList()
            .get(0)
            .get(0)
            .toString();
    line("| index parameters | " + parameters + " |");
    long indexed =
        spark
            .sql("SELECT max(version) FROM lance.db.vectors.history")
            .collectAsList()
            .get(0)
            .getLong(0);
    for (String nprobes : List.of("5", "20", "")) {
      probe(nprobes, qs, exact, "lance.db.vectors", "latest version");
    }

    start = System.nanoTime();
    spark.sql(
        String.format(
            "UPDATE lance.db.vectors SET vec = transform(vec, x -> -x) WHERE (id DIV 1000) %% 5 = 0"));
    line("| UPDATE of 20% of the rows | " + seconds(System.nanoTime() - start) + " |");
    String old = "lance.db.vectors VERSION AS OF " + indexed;
    probe("20", qs, exact, old, "indexed version, after the update");
    spark.conf().set("spark.lancelot.vectorIndex.enabled", "false");
    List<List<Long>> exactOld = new ArrayList<>();
    Latencies oldExact = timeEach(qs, old, exactOld);
    line(
        "| exact search at the indexed version, after the update, p50 / p90 / max (same rows as before the update: "
            + exactOld.equals(exact)
            + ") | "
            + oldExact
            + " |");
    List<List<Long>> exactLatest = new ArrayList<>();
    Latencies latestExact = timeEach(qs, "lance.db.vectors", exactLatest);
    spark.conf().unset("spark.lancelot.vectorIndex.enabled");
    line(
        "| exact search at the latest version, after the update, p50 / p90 / max | "
            + latestExact
            + " |");
    probe(
        "20",
        qs,
        exactLatest,
        "lance.db.vectors",
        "latest version, after the update (updated rows exact)");
    LAST_REPORT.append(report);
  }

  private void probe(
      String nprobes, List<String> qs, List<List<Long>> exact, String relation, String where) {
    if (nprobes.isEmpty()) {
      spark.conf().unset("spark.lancelot.vectorIndex.nprobes");
    } else {
      spark.conf().set("spark.lancelot.vectorIndex.nprobes", nprobes);
    }
    List<List<Long>> found = new ArrayList<>();
    Latencies latencies = timeEach(qs, relation, found);
    double recall = 0;
    for (int i = 0; i < qs.size(); i++) {
      Set<Long> both = new HashSet<>(found.get(i));
      both.retainAll(exact.get(i));
      recall += both.size() / 10.0;
    }
    recall /= qs.size();
    line(
        "| index search, "
            + where
            + ", nprobes "
            + (nprobes.isEmpty() ? "default" : nprobes)
            + ": p50 / p90 / max; recall@10 | "
            + latencies
            + "; "
            + String.format("%.3f", recall)
            + " |");
    spark.conf().unset("spark.lancelot.vectorIndex.nprobes");
  }

  /** The query as plain Spark SQL computes an L2 distance with higher-order functions. */
  private static String plainSparkSql(String query) {
    return "SELECT id FROM lance.db.vectors ORDER BY sqrt(aggregate(zip_with(vec, "
        + query
        + ", (a, b) -> (a - b) * (a - b)), 0D, (acc, x) -> acc + x)) LIMIT 10";
  }

  /** The latencies of a series of queries: median, 90th percentile and slowest, in seconds. */
  record Latencies(double p50, double p90, double max) {
    static Latencies of(List<Double> seconds) {
      List<Double> sorted = new ArrayList<>(seconds);
      sorted.sort(Double::compare);
      int n = sorted.size();
      return new Latencies(
          sorted.get((n - 1) / 2), sorted.get((int) Math.ceil(0.9 * n) - 1), sorted.get(n - 1));
    }

    @Override
    public String toString() {
      return String.format("%.3f / %.3f / %.3f s", p50, p90, max);
    }
  }

  /**
   * Runs the first query once to warm up, then each once timed; the latencies, and the ids found.
   */
  private Latencies timeEach(List<String> qs, String relation, List<List<Long>> ids) {
    return timeEach(
        qs,
        q -> "SELECT id FROM " + relation + " ORDER BY vector_l2_distance(vec, " + q + ") LIMIT 10",
        ids);
  }

  private Latencies timeEach(
      List<String> qs, java.util.function.Function<String, String> query, List<List<Long>> ids) {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < qs.size(); i++) {
      String sql = query.apply(qs.get(i));
      if (i == 0) {
        spark.sql(sql).collectAsList();
      }
      long t = System.nanoTime();
      List<Long> found = spark.sql(sql).collectAsList().stream().map(r -> r.getLong(0)).toList();
      times.add((System.nanoTime() - t) / 1e9);
      ids.add(found);
    }
    return Latencies.of(times);
  }

  private void line(String s) {
    report.append(s).append('\n');
    System.out.println(s);
  }

  private static String seconds(long nanos) {
    return fmt(nanos / 1e9);
  }

  private static String fmt(double seconds) {
    return String.format("%.3f s", seconds);
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
