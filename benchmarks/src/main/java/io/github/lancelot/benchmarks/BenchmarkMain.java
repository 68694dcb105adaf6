package io.github.lancelot.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the benchmark workload on Lancelot, Delta Lake, Iceberg and plain Parquet in one local Spark
 * session and prints the times, the ratios and the targets as Markdown (also written to the report
 * file). A short warm-up run on a small table comes first, so no format pays for class loading and
 * JIT compilation in the timings.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    BenchmarkOptions options = BenchmarkOptions.parse(args);
    List<TableFormat> formats = formats(options.formats());
    FileUtils.deleteDirectory(options.dir().toFile());
    SparkSession spark = session(options.dir());
    try {
      spark.sparkContext().setLogLevel("WARN");
      long start = System.nanoTime();
      if (options.warmupRows() > 0) {
        System.out.println("Warming up on " + options.warmupRows() + " rows");
        new Workload(spark, formats, Math.max(10_000, options.warmupRows()), 1, 1, 3, "warmup")
            .run();
      }
      long warmedUp = System.nanoTime();
      System.out.printf("Running on %,d rows, %d repetitions%n", options.rows(), options.repeats());
      Map<String, Map<String, Measurement>> results =
          new Workload(
                  spark,
                  formats,
                  options.rows(),
                  options.repeats(),
                  options.rowLevelRepeats(),
                  100,
                  "t")
              .run();
      String durations =
          String.format(
              "warm-up %.0f s, measured run %.0f s",
              (warmedUp - start) / 1e9, (System.nanoTime() - warmedUp) / 1e9);
      String report =
          new Report(
                  results,
                  formats.stream().map(TableFormat::name).toList(),
                  options,
                  spark.version(),
                  durations)
              .markdown();
      System.out.println();
      System.out.println(report);
      Files.createDirectories(options.report().toAbsolutePath().getParent());
      Files.writeString(options.report(), report);
      System.out.println("Written to " + options.report().toAbsolutePath());
    } finally {
      spark.stop();
    }
  }

  private static List<TableFormat> formats(List<String> names) {
    List<TableFormat> out = new ArrayList<>();
    for (String name : names) {
      out.add(
          switch (name) {
            case "lancelot" -> new LancelotFormat();
            case "delta" -> new DeltaFormat(false);
            case "delta-dv" -> new DeltaFormat(true);
            case "iceberg" -> new IcebergFormat(false);
            case "iceberg-mor" -> new IcebergFormat(true);
            case "parquet" -> new ParquetFormat();
            default ->
                throw new IllegalArgumentException(
                    "unknown format '"
                        + name
                        + "'; the formats are lancelot, delta, delta-dv, iceberg, iceberg-mor and parquet");
          });
    }
    return out;
  }

  static SparkSession session(Path dir) {
    Path root = dir.toAbsolutePath();
    return SparkSession.builder()
        .master("local[" + Runtime.getRuntime().availableProcessors() + "]")
        .appName("lancelot-benchmarks")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.warehouse.dir", root.resolve("spark-warehouse").toString())
        .config(
            "spark.sql.extensions",
            "io.delta.sql.DeltaSparkSessionExtension,"
                + "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,"
                + "io.github.lancelot.catalog.LanceSparkSessionExtensions")
        .config(
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.catalog.ice", "org.apache.iceberg.spark.SparkCatalog")
        .config("spark.sql.catalog.ice.type", "hadoop")
        .config("spark.sql.catalog.ice.warehouse", root.resolve("iceberg").toString())
        .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
        .config("spark.sql.catalog.lance.warehouse", root.resolve("lance").toString())
        .getOrCreate();
  }
}
