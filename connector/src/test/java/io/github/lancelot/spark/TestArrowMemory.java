package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.internal.io.ArrowMemory;
import io.github.lancelot.testing.AcrossLines;
import org.junit.jupiter.api.Test;

/**
 * Every reader and writer takes its off-heap Arrow memory from Lancelot's one root allocator and
 * gives all of it back: after a write, scans and a change feed read, nothing is left allocated,
 * while the peak shows the memory the scan used.
 */
@AcrossLines
class TestArrowMemory extends SparkTestBase {
  private static final String ROWS =
      "SELECT id, concat('quote ', id % 50) AS quote, id * 0.5 AS val,"
          + " array(CAST(id AS FLOAT), 0.5f, 1.5f) AS v FROM range(0, 20000, 1, 2)";

  @Test
  void writesAndScansReturnAllTheirOffHeapMemory() {
    String table = path("t");
    spark.sql(ROWS).write().format("lance").save(table);
    spark.sql(ROWS).write().format("lance").mode("append").save(table);
    assertThat(ArrowMemory.allocatedBytes()).as("after the writes").isZero();

    ArrowMemory.resetPeak();
    spark.read().format("lance").load(table).createOrReplaceTempView("arrow_memory");
    assertThat(
            spark
                .sql("SELECT count(*), sum(val), sum(v[0]), sum(length(quote)) FROM arrow_memory")
                .collectAsList()
                .get(0)
                .getLong(0))
        .isEqualTo(40_000);
    assertThat(ArrowMemory.peakBytes()).as("the scan's peak").isPositive();
    assertThat(ArrowMemory.allocatedBytes()).as("after the scan").isZero();

    assertThat(
            spark
                .read()
                .format("lance")
                .option("readChangeFeed", "true")
                .option("startingVersion", "1")
                .load(table)
                .count())
        .isEqualTo(40_000);
    assertThat(ArrowMemory.allocatedBytes()).as("after the change feed").isZero();
  }

  @Test
  void aScanStoppedEarlyReturnsItsOffHeapMemory() {
    String table = path("t");
    spark.sql(ROWS).write().format("lance").save(table);

    assertThat(spark.read().format("lance").load(table).limit(3).collectAsList()).hasSize(3);

    assertThat(ArrowMemory.allocatedBytes()).isZero();
  }
}
