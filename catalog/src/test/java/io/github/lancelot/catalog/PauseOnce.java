package io.github.lancelot.catalog;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The SQL function {@code pause_once(id)}: TRUE for every row, but the first task that calls it is
 * held there until {@link #resume()}, so that a test can commit something else while a statement is
 * half way through. Tasks of a local session run in the test's JVM, hence the shared state.
 */
final class PauseOnce {
  private static final AtomicBoolean PAUSED = new AtomicBoolean();
  private static volatile CountDownLatch held;
  private static volatile CountDownLatch resume;

  private PauseOnce() {}

  /** Registers {@code pause_once} in {@code spark}, ready to hold the next task that calls it. */
  static void register(SparkSession spark) {
    PAUSED.set(false);
    held = new CountDownLatch(1);
    resume = new CountDownLatch(1);
    spark
        .udf()
        .register(
            "pause_once",
            functions.udf(
                (UDF1<Long, Boolean>)
                    id -> {
                      if (PAUSED.compareAndSet(false, true)) {
                        held.countDown();
                        if (!resume.await(60, TimeUnit.SECONDS)) {
                          throw new IllegalStateException("not resumed");
                        }
                      }
                      return true;
                    },
                DataTypes.BooleanType));
  }

  /**
   * Runs {@code statement} in another thread and returns once one of its tasks is held; fails if it
   * finishes without reaching {@code pause_once}.
   */
  static CompletableFuture<Void> start(Runnable statement) throws Exception {
    CompletableFuture<Void> running = CompletableFuture.runAsync(statement);
    while (!held.await(100, TimeUnit.MILLISECONDS)) {
      if (running.isDone()) {
        running.get();
        throw new AssertionError("the statement finished without reaching pause_once");
      }
    }
    return running;
  }

  /** Lets the held task go on. */
  static void resume() {
    resume.countDown();
  }
}
