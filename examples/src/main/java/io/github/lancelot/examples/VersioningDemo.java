package io.github.lancelot.examples;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Table;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A table whose every change is a version: create it, append to it, rewrite it, then read each
 * version back with time travel. Runs on a local Spark session and a local folder (the first
 * argument).
 */
public final class VersioningDemo {
  private static final StructType QUOTES =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("author", DataTypes.StringType)
          .add("quote", DataTypes.StringType);

  private VersioningDemo() {}

  public static void main(String[] args) throws Exception {
    String warehouse = args.length > 0 ? args[0] : "lancelot-demo";
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("lancelot-versioning-demo")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate();
    try {
      run(spark, warehouse);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the story against {@code warehouse}/quotes, replacing any table there, and returns that
   * table.
   */
  static Table run(SparkSession spark, String warehouse) throws Exception {
    Path tablePath =
        new Path(
            new Path(warehouse).toUri().isAbsolute()
                ? warehouse
                : new java.io.File(warehouse).getAbsolutePath(),
            "quotes");
    String path = tablePath.toString();
    tablePath.getFileSystem(spark.sessionState().newHadoopConf()).delete(tablePath, true);

    System.out.println("== Creating table " + path);
    quotes(
            spark,
            RowFactory.create(1L, "Richard", "Wubba Lubba Dub Dub!"),
            RowFactory.create(2L, "Morty", "Rick, what's going on?"),
            RowFactory.create(3L, "Richard", "I turned myself into a pickle, Morty!"))
        .write()
        .format("lance")
        .save(path);
    Table table = Table.forPath(path, spark.sessionState().newHadoopConf());
    report(table, "after creation");

    System.out.println("== Rewriting author 'Richard' as 'Richard Daniel Sanchez' (overwrite)");
    Dataset<Row> updated =
        spark
            .read()
            .format("lance")
            .load(path)
            .selectExpr(
                "id",
                "IF(author = 'Richard', 'Richard Daniel Sanchez', author) AS author",
                "quote");
    updated.write().format("lance").mode("overwrite").save(path);
    report(table, "after the update");

    System.out.println("== Appending two quotes");
    quotes(
            spark,
            RowFactory.create(4L, "Richard Daniel Sanchez", "That's the way the news goes!"),
            RowFactory.create(5L, "Morty", "Aww geez, Rick!"))
        .write()
        .format("lance")
        .mode("append")
        .save(path);
    report(table, "after the append");

    System.out.println("== Versions");
    List<CommitInfo> history = table.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      CommitInfo c = history.get(i);
      System.out.printf(
          "Version %d, created at %s (%s)%n",
          c.version(), Instant.ofEpochMilli(c.timestamp()), c.operation());
    }

    System.out.println("== Reading every version back");
    for (long v : table.versions()) {
      Dataset<Row> version = spark.read().format("lance").option("versionAsOf", v).load(path);
      System.out.println("Version " + v + ": " + version.count() + " rows");
      version.orderBy("id").show(false);
    }
    return table;
  }

  private static Dataset<Row> quotes(SparkSession spark, Row... rows) {
    return spark.createDataFrame(List.of(rows), QUOTES);
  }

  private static void report(Table table, String when) {
    var latest = table.latestSnapshot();
    System.out.println("Number of versions " + when + ": " + table.versions().size());
    System.out.println("Current version: " + latest.version() + ", rows: " + latest.numRows());
  }
}
