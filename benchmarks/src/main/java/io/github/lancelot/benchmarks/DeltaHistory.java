package io.github.lancelot.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import scala.Option;
import scala.collection.immutable.Map$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Grows a Delta Lake table by commits of 10 rows through Delta's own transaction API: each commit
 * adds a copy of one 10-row Parquet file written once by Spark, with its statistics, so Delta
 * writes its checkpoints and checksum files as it does for any commit, without Spark's cost per
 * statement. Each transaction starts from the snapshot the previous commit left, as one writer that
 * keeps its table open does, rather than listing the log again first.
 */
final class DeltaHistory {
  /**
   * Delta reconstructs its state in this many Spark partitions (50 by default): one while the
   * history grows, so each commit's state and checkpoint jobs do not schedule 50 tiny tasks on two
   * cores; the measured reads run with Delta's default.
   */
  private static final String SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";

  private final SparkSession spark;
  private final Path table;
  private Path template;
  private String stats;

  DeltaHistory(SparkSession spark, Path table) {
    this.spark = spark;
    this.table = table;
  }

  /** Appends commits until the table has {@code commits} versions (0 to commits - 1). */
  long growTo(long commits) throws IOException {
    if (template == null) {
      spark
          .range(LancelotHistory.ROWS_PER_COMMIT)
          .selectExpr("id", "id * 0.5 AS value")
          .coalesce(1)
          .write()
          .format("delta")
          .mode(SaveMode.ErrorIfExists)
          .save(table.toString());
      try (var files = Files.list(table)) {
        template =
            files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().get();
      }
      stats =
          "{\"numRecords\":"
              + LancelotHistory.ROWS_PER_COMMIT
              + ",\"minValues\":{\"id\":0,\"value\":0.0},\"maxValues\":{\"id\":9,\"value\":4.5},"
              + "\"nullCount\":{\"id\":0,\"value\":0}}";
    }
    String previousPartitions = spark.conf().get(SNAPSHOT_PARTITIONS, null);
    spark.conf().set(SNAPSHOT_PARTITIONS, "1");
    try {
      return append(commits);
    } finally {
      if (previousPartitions == null) {
        spark.conf().unset(SNAPSHOT_PARTITIONS);
      } else {
        spark.conf().set(SNAPSHOT_PARTITIONS, previousPartitions);
      }
      DeltaLog.clearCache();
    }
  }

  private long append(long commits) throws IOException {
    DeltaLog log = DeltaLog.forTable(spark, table.toString());
    long version = log.update(false, Option.empty(), Option.empty()).version();
    while (version + 1 < commits) {
      String name = "part-" + UUID.randomUUID() + ".parquet";
      Files.copy(template, table.resolve(name));
      AddFile add =
          new AddFile(
              name,
              Map$.MODULE$.empty(),
              Files.size(template),
              System.currentTimeMillis(),
              true,
              stats,
              null,
              null,
              Option.empty(),
              Option.empty(),
              Option.empty());
      version =
          log.startTransaction(Option.empty(), Option.apply(log.unsafeVolatileSnapshot()))
              .commit(
                  CollectionConverters.asScala(List.<Action>of(add)).toList(),
                  new DeltaOperations.Write(
                      SaveMode.Append, Option.empty(), Option.empty(), Option.empty()));
    }
    return version;
  }
}
