package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Failed tasks and failed jobs never leave a visible, duplicated or orphaned row. */
class TestSparkWriteFailures extends SparkTestBase {

  /**
   * Ids 0..99 in 4 partitions; the task of partition 1 fails on its first attempt after writing
   * some rows.
   */
  Dataset<Row> failingOnce() {
    return spark
        .range(0, 100, 1, 4)
        .map(
            (MapFunction<Long, Long>)
                id -> {
                  TaskContext ctx = TaskContext.get();
                  if (ctx.partitionId() == 1 && ctx.attemptNumber() == 0 && id == 40L) {
                    throw new IllegalStateException("injected failure of the first attempt");
                  }
                  return id;
                },
            Encoders.LONG())
        .toDF("id");
  }

  Set<String> dataFilesOnDisk() throws IOException {
    try (var files = Files.list(dir.resolve("t").resolve("data"))) {
      return files
          .map(f -> "data/" + f.getFileName())
          .filter(n -> n.endsWith(".arrow"))
          .collect(Collectors.toSet());
    }
  }

  Set<String> dataFilesReferenced(Table table) {
    return table.latestSnapshot().fragments().stream()
        .flatMap(f -> f.files().stream())
        .map(DataFile::path)
        .collect(Collectors.toSet());
  }

  @Test
  void aTaskThatFailsOnceIsRetriedAndEveryRowIsCommittedExactlyOnce() throws IOException {
    String p = path("t");
    spark.range(0).selectExpr("id").write().format("lance").save(p);
    failingOnce().write().format("lance").mode("append").save(p);

    Dataset<Row> read = spark.read().format("lance").load(p);
    assertThat(read.count()).isEqualTo(100);
    assertThat(read.distinct().count()).isEqualTo(100);
    Table table = Table.forPath(p, spark.sessionState().newHadoopConf());
    assertThat(table.versions()).containsExactly(1L, 2L);
    assertThat(dataFilesOnDisk()).isEqualTo(dataFilesReferenced(table));
  }

  Dataset<Row> alwaysFailing(int partitions) {
    return spark
        .range(0, 100, 1, partitions)
        .map(
            (MapFunction<Long, Long>)
                id -> {
                  if (id == 60L) {
                    throw new IllegalStateException("injected failure of every attempt");
                  }
                  return id;
                },
            Encoders.LONG())
        .toDF("id");
  }

  @Test
  void aFailedJobCommitsNothingAndItsTasksDeleteTheirFiles() throws IOException {
    String p = path("t");
    spark.range(0, 10).selectExpr("id").write().format("lance").save(p);
    Set<String> before = dataFilesOnDisk();

    assertThatThrownBy(() -> alwaysFailing(1).write().format("lance").mode("append").save(p))
        .hasStackTraceContaining("injected failure of every attempt");
    Table table = Table.forPath(p, spark.sessionState().newHadoopConf());
    assertThat(table.versions()).containsExactly(1L);
    assertThat(spark.read().format("lance").load(p).count()).isEqualTo(10);
    assertThat(dataFilesOnDisk()).isEqualTo(before);
  }

  @Test
  void aFailedJobWithManyTasksLeavesNoVisibleRow() {
    String p = path("t");
    spark.range(0, 10).selectExpr("id").write().format("lance").save(p);
    assertThatThrownBy(() -> alwaysFailing(4).write().format("lance").mode("append").save(p))
        .hasStackTraceContaining("injected failure of every attempt");
    Table table = Table.forPath(p, spark.sessionState().newHadoopConf());
    assertThat(table.versions()).containsExactly(1L);
    assertThat(spark.read().format("lance").load(p).count()).isEqualTo(10);
  }
}
