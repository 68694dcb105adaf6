package io.github.lancelot.benchmarks;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Scan;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableProperties;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.CheckpointWriter;
import io.github.lancelot.format.internal.log.LogFiles;
import io.github.lancelot.format.internal.log.LogReader;
import io.github.lancelot.format.internal.log.TableState;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;

/**
 * How the cost of planning a read grows with the width of a table's log, its number of fragments.
 * One Lancelot table of tiny fragments with increasing {@code id} ranges is grown through the
 * format API to each size asked for (1,000, 10,000 and 100,000 fragments by default), ten commits
 * per step so that the step's last commit writes a checkpoint; at each size a selective {@code id
 * BETWEEN} read, which column statistics prune to a few fragments, is planned and run through
 * Spark, and the log's load, the pruning, the snapshot's retained heap and the checkpoint's size
 * and write time are measured on their own. Prints a Markdown table and a CSV of (fragments,
 * metric, value), both also written next to the report file.
 */
public final class LogWidthBenchmark {
  private static final int COMMITS_PER_STEP = 10;

  private final SparkSession spark;
  private final Path dir;
  private String uri;
  private final int rowsPerFragment;
  private final int repeats;
  private final Map<String, Map<Integer, Double>> results = new LinkedHashMap<>();

  private LogWidthBenchmark(SparkSession spark, Path dir, int rowsPerFragment, int repeats) {
    this.spark = spark;
    this.dir = dir;
    this.rowsPerFragment = rowsPerFragment;
    this.repeats = repeats;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = List.of(1_000, 10_000, 100_000);
    int rowsPerFragment = 10;
    int repeats = 5;
    Path dir = Path.of("target", "log-width");
    Path report = Path.of("target", "log-width-results.md");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--fragments" ->
            sizes = Arrays.stream(args[i + 1].split(",")).map(Integer::parseInt).toList();
        case "--rows-per-fragment" -> rowsPerFragment = Integer.parseInt(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--report" -> report = Path.of(args[i + 1]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; arguments: [--fragments 1000,10000,100000] [--rows-per-fragment N]"
                    + " [--repeats N] [--dir FOLDER] [--report FILE.md]");
      }
    }
    FileUtils.deleteDirectory(dir.toFile());
    Files.createDirectories(dir);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("lancelot-log-width")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.warehouse.dir", dir.resolve("spark-warehouse").toString())
            .getOrCreate();
    try {
      spark.sparkContext().setLogLevel("WARN");
      LogWidthBenchmark run = new LogWidthBenchmark(spark, dir, rowsPerFragment, repeats);
      long start = System.nanoTime();
      run.run(sizes);
      String markdown =
          run.markdown(sizes, String.format("%.0f s", (System.nanoTime() - start) / 1e9));
      String csv = run.csv(sizes);
      System.out.println();
      System.out.println(markdown);
      System.out.println(csv);
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, markdown + "\n```csv\n" + csv + "```\n");
      Path csvFile = report.toAbsolutePath().resolveSibling(baseName(report) + ".csv");
      Files.writeString(csvFile, csv);
      System.out.println("Written to " + report.toAbsolutePath() + " and " + csvFile);
    } finally {
      spark.stop();
    }
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }

  private void run(List<Integer> sizes) throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (BufferAllocator allocator = new RootAllocator()) {
      warmUp(conf, allocator);
      uri = dir.resolve("wide").toAbsolutePath().toUri().toString();
      grow(Table.forPath(uri, withoutChecksums(conf)), conf, allocator, sizes, true);
    }
  }

  /**
   * The configuration the table is written with: local files without Hadoop's checksum files, which
   * took about half the time of writing 100,000 tiny fragments. Reads go through the session's file
   * system, as any reader's would, and find no checksum to check.
   */
  private static Configuration withoutChecksums(Configuration conf) {
    Configuration raw = new Configuration(conf);
    raw.set("fs.file.impl", RawLocalFileSystem.class.getName());
    raw.setBoolean("fs.file.impl.disable.cache", true);
    return raw;
  }

  /**
   * Writes, plans and reads a small table first, so that class loading and JIT compilation are not
   * timed as the first size's cold read.
   */
  private void warmUp(Configuration conf, BufferAllocator allocator) throws Exception {
    uri = dir.resolve("warm-up").toAbsolutePath().toUri().toString();
    grow(Table.forPath(uri, withoutChecksums(conf)), conf, allocator, List.of(200), false);
    results.clear();
  }

  private void grow(
      Table table,
      Configuration conf,
      BufferAllocator allocator,
      List<Integer> sizes,
      boolean report)
      throws Exception {
    int fragments = 0;
    long version = 0;
    for (int size : sizes) {
      long writeStart = System.nanoTime();
      for (int c = 0; c < COMMITS_PER_STEP; c++) {
        int upTo = fragments + (size - fragments) * (c + 1) / COMMITS_PER_STEP;
        version = commit(table, allocator, fragments, upTo - fragments);
        fragments = upTo;
      }
      if (report) {
        System.out.printf(
            "%,d fragments in %d versions, written in %.1f s%n",
            fragments, version, (System.nanoTime() - writeStart) / 1e9);
      }
      if (version % COMMITS_PER_STEP != 0) {
        throw new IllegalStateException("version " + version + " has no checkpoint");
      }
      measure(size, conf, version);
    }
  }

  /** Writes and commits {@code count} fragments after the first {@code first}; the new version. */
  private long commit(Table table, BufferAllocator allocator, int first, int count) {
    TableSchema schema = schema();
    Snapshot base = first == 0 ? null : table.latestSnapshot();
    List<Fragment> written;
    try (FragmentWriter writer =
            table.newFragmentWriter(
                schema,
                WriteOptions.from(
                    Map.of(WriteOptions.MAX_ROWS_PER_FRAGMENT, String.valueOf(rowsPerFragment))),
                allocator);
        VectorSchemaRoot batch =
            rows(schema, allocator, (long) first * rowsPerFragment, count * rowsPerFragment)) {
      writer.write(batch);
      written = writer.finish();
    }
    if (base == null) {
      return table
          .createTable(
              schema, Map.of(TableProperties.CHECKPOINT_INTERVAL, String.valueOf(COMMITS_PER_STEP)))
          .appendFragments(written)
          .commit()
          .version();
    }
    return table.newTransaction(base, Operation.APPEND).appendFragments(written).commit().version();
  }

  private static TableSchema schema() {
    return TableSchema.of(
        List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("category", new ArrowType.Int(32, true))));
  }

  /** Rows {@code first} to {@code first + count - 1}: id, id / 2 and id modulo 12. */
  private static VectorSchemaRoot rows(
      TableSchema schema, BufferAllocator allocator, long first, int count) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator);
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    Float8Vector value = (Float8Vector) root.getVector("value");
    IntVector category = (IntVector) root.getVector("category");
    for (int i = 0; i < count; i++) {
      long v = first + i;
      id.setSafe(i, v);
      value.setSafe(i, v / 2.0);
      category.setSafe(i, (int) (v % 12));
    }
    root.setRowCount(count);
    return root;
  }

  private void measure(int size, Configuration conf, long version) throws Exception {
    // Three fragments in the middle of the table, starting inside the first of them.
    long lo = (long) (size / 2) * rowsPerFragment + rowsPerFragment / 2;
    long hi = lo + 2L * rowsPerFragment;
    long expectedRows = hi - lo + 1;
    Expression between =
        Expressions.and(
            Expressions.greaterThanOrEqual("id", Expressions.literal(lo)),
            Expressions.lessThanOrEqual("id", Expressions.literal(hi)));

    // Cold: the first read after the process's file systems are dropped, so the log is opened
    // afresh (the operating system's page cache stays warm).
    FileSystem.closeAll();
    SparkPlanning cold = planThroughSpark(lo, hi);
    record(size, "Spark planning, cold (ms)", cold.totalMillis());
    FileSystem.closeAll();
    record(size, "Spark query end to end, cold (ms)", queryThroughSpark(lo, hi, expectedRows));

    double[] load = new double[repeats];
    double[] prune = new double[repeats];
    int kept = 0;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      Snapshot snapshot = Table.forPath(uri, conf).latestSnapshot();
      long t1 = System.nanoTime();
      Scan scan = snapshot.newScan().withFilter(between).build();
      long t2 = System.nanoTime();
      load[r] = (t1 - t0) / 1e6;
      prune[r] = (t2 - t1) / 1e6;
      kept = scan.fragments().size();
    }
    record(size, "log load: list, checkpoint, commits after it (ms)", median(load));
    record(size, "pruning by statistics, format API (ms)", median(prune));
    record(size, "fragments kept by pruning", kept);

    double[] analysis = new double[repeats];
    double[] physical = new double[repeats];
    double[] partitions = new double[repeats];
    double[] total = new double[repeats];
    long peak = 0;
    for (int r = 0; r < repeats; r++) {
      List<MemoryPoolMXBean> heap = heapPools();
      System.gc();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      SparkPlanning p = planThroughSpark(lo, hi);
      peak = Math.max(peak, heap.stream().mapToLong(m -> m.getPeakUsage().getUsed()).sum());
      analysis[r] = p.analysisMillis;
      physical[r] = p.physicalMillis;
      partitions[r] = p.partitionsMillis;
      total[r] = p.totalMillis();
    }
    record(size, "Spark planning, warm (ms)", median(total));
    record(size, "  of which DataFrame and table load (ms)", median(analysis));
    record(size, "  of which optimisation, pushdown, physical plan (ms)", median(physical));
    record(size, "  of which input partitions (ms)", median(partitions));
    record(size, "peak heap while planning (MiB)", peak / 1048576.0);

    double[] query = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      query[r] = queryThroughSpark(lo, hi, expectedRows);
    }
    record(size, "Spark query end to end, warm (ms)", median(query));

    record(
        size,
        "retained heap of the latest snapshot (MiB)",
        retainedSnapshotBytes(conf) / 1048576.0);

    TableLocation location = new TableLocation(uri, conf);
    org.apache.hadoop.fs.Path checkpoint = LogFiles.checkpoint(location.versionsDir(), version);
    record(
        size,
        "checkpoint size (MiB)",
        location.fs().getFileStatus(checkpoint).getLen() / 1048576.0);
    TableState state = new LogReader(location).load(OptionalLong.of(version));
    double[] write = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      new CheckpointWriter(location).writeRequired(state);
      write[r] = (System.nanoTime() - t0) / 1e6;
    }
    record(size, "checkpoint write (ms)", median(write));
    System.out.printf("Measured %,d fragments%n", size);
  }

  /**
   * Heap used by the latest snapshot: used heap with it held, less used heap once it is released.
   */
  private long retainedSnapshotBytes(Configuration conf) {
    long[] retained = new long[repeats];
    for (int r = 0; r < repeats; r++) {
      Snapshot held = Table.forPath(uri, conf).latestSnapshot();
      long with = usedAfterGc();
      if (held.fragments().isEmpty()) {
        throw new IllegalStateException("the table has no fragments");
      }
      held = null;
      long after = usedAfterGc();
      retained[r] = Math.max(0, with - after);
    }
    Arrays.sort(retained);
    return retained[repeats / 2];
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return heapPools().stream().mapToLong(p -> p.getUsage().getUsed()).sum();
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  /** The driver's planning of the read, phase by phase; no task runs. */
  private record SparkPlanning(
      double analysisMillis, double physicalMillis, double partitionsMillis) {
    double totalMillis() {
      return analysisMillis + physicalMillis + partitionsMillis;
    }
  }

  private SparkPlanning planThroughSpark(long lo, long hi) {
    long t0 = System.nanoTime();
    Dataset<Row> df = read(lo, hi);
    long t1 = System.nanoTime();
    SparkPlan plan = df.queryExecution().executedPlan();
    long t2 = System.nanoTime();
    int partitions = 0;
    for (SparkPlan leaf : scala.jdk.javaapi.CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof BatchScanExec scan) {
        partitions += scan.inputRDD().getNumPartitions();
      }
    }
    long t3 = System.nanoTime();
    if (partitions == 0) {
      throw new IllegalStateException("no Lancelot scan in the plan: " + plan);
    }
    return new SparkPlanning((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
  }

  private double queryThroughSpark(long lo, long hi, long expectedRows) {
    long t0 = System.nanoTime();
    int rows = read(lo, hi).collectAsList().size();
    double millis = (System.nanoTime() - t0) / 1e6;
    if (rows != expectedRows) {
      throw new IllegalStateException("read " + rows + " rows where " + expectedRows + " match");
    }
    return millis;
  }

  private Dataset<Row> read(long lo, long hi) {
    return spark
        .read()
        .format("lance")
        .load(uri)
        .where("id BETWEEN " + lo + " AND " + hi)
        .select("id", "value");
  }

  private void record(int size, String metric, double value) {
    results.computeIfAbsent(metric, m -> new LinkedHashMap<>()).put(size, value);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private String markdown(List<Integer> sizes, String duration) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "- JVM: Java %s, heap up to %d MiB, %d processors; Spark %s, local[2]%n",
            System.getProperty("java.version"),
            Runtime.getRuntime().maxMemory() >> 20,
            Runtime.getRuntime().availableProcessors(),
            spark.version()));
    out.append(
        String.format(
            "- %d rows per fragment, %d commits per size (the last writes a checkpoint); median of"
                + " %d repetitions, cold = one read after the file systems are dropped; run took"
                + " %s%n%n",
            rowsPerFragment, COMMITS_PER_STEP, repeats, duration));
    out.append("| metric |");
    sizes.forEach(s -> out.append(String.format(" %,d fragments |", s)));
    out.append("\n|---|");
    sizes.forEach(s -> out.append("---:|"));
    out.append('\n');
    results.forEach(
        (metric, bySize) -> {
          out.append("| ").append(metric).append(" |");
          sizes.forEach(s -> out.append(' ').append(format(bySize.get(s))).append(" |"));
          out.append('\n');
        });
    return out.toString();
  }

  private String csv(List<Integer> sizes) {
    StringBuilder out = new StringBuilder("fragments,metric,value\n");
    for (int s : sizes) {
      results.forEach(
          (metric, bySize) ->
              out.append(s)
                  .append(",\"")
                  .append(metric.trim())
                  .append("\",")
                  .append(String.format("%.3f", bySize.get(s)))
                  .append('\n'));
    }
    return out.toString();
  }

  private static String format(Double value) {
    if (value == null) {
      return "";
    }
    return value >= 100 || value == Math.rint(value)
        ? String.format("%,.0f", value)
        : String.format("%.1f", value);
  }
}
