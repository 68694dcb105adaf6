package io.github.lancelot.catalog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;

/**
 * What Spark saw of one statement: the queries it ran (also those run inside it, as a write's
 * commit may) and the metrics its tasks reported, summed per metric as the SQL UI names them.
 */
final class StatementActivity extends SparkListener implements QueryExecutionListener {
  /** A query that ran: the action that ran it ({@code collectAsList}, {@code command}, ...). */
  record Query(String action, QueryExecution execution) {}

  final List<Query> queries = new CopyOnWriteArrayList<>();
  final Map<String, Long> taskMetrics = new ConcurrentHashMap<>();

  /** Something run against Spark: a SQL statement, a DataFrame write. */
  interface Statement {
    void run() throws Exception;
  }

  private final SparkSession spark;

  private StatementActivity(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Runs the statement and returns what Spark saw of it, once Spark's listeners have seen it all.
   */
  static StatementActivity of(SparkSession spark, Statement statement) throws Exception {
    StatementActivity activity = start(spark);
    try {
      statement.run();
    } finally {
      activity.stop();
    }
    return activity;
  }

  /** Starts recording what Spark runs. */
  static StatementActivity start(SparkSession spark) {
    StatementActivity activity = new StatementActivity(spark);
    spark.listenerManager().register(activity);
    spark.sparkContext().addSparkListener(activity);
    return activity;
  }

  /** Stops recording, once Spark's listeners have seen everything that ran so far. */
  void stop() throws TimeoutException {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.listenerManager().unregister(this);
      spark.sparkContext().removeSparkListener(this);
    }
  }

  /** The sum over the statement's tasks of the metric the SQL UI shows as {@code description}. */
  long taskMetric(String description) {
    return taskMetrics.getOrDefault(description, 0L);
  }

  @Override
  public void onSuccess(String action, QueryExecution execution, long durationNs) {
    queries.add(new Query(action, execution));
  }

  @Override
  public void onFailure(String action, QueryExecution execution, Exception error) {}

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    var accumulables = end.taskInfo().accumulables().iterator();
    while (accumulables.hasNext()) {
      AccumulableInfo a = accumulables.next();
      if (a.name().isDefined() && a.update().isDefined() && a.update().get() instanceof Long v) {
        taskMetrics.merge(a.name().get(), v, Long::sum);
      }
    }
  }
}
