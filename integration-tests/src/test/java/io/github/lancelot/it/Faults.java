package io.github.lancelot.it;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * Faults injected into tasks by SQL functions that return their first argument unchanged; the
 * second, {@code n}, says at which call within a task attempt the fault strikes. Only partitions
 * chosen by number are hit:
 *
 * <ul>
 *   <li>every partition {@code p} with {@code p % 4 == 1} throws on its first attempt (the retry
 *       succeeds);
 *   <li>{@code flaky_long(x, n)} and {@code flaky_double(x, n)}: the first attempt of partition 2
 *       sleeps {@link #SLOW_MILLIS}, long enough for Spark to launch a speculative copy on the
 *       other executor once that one is idle; the copy does not sleep and finishes first, so the
 *       original is killed while it has files open;
 *   <li>{@code flaky_long_copy_loses(x, n)}: the first attempt of partition 2 sleeps {@link
 *       #SHORT_MILLIS}, and a speculative copy sleeps {@link #COPY_MILLIS} ignoring interrupts, so
 *       the original wins and the copy, killed or denied the commit when it wakes up, must clean up
 *       what it wrote.
 * </ul>
 *
 * <p>One slow task per stage: with two 1-core executors, two sleeping tasks would leave no core for
 * a copy.
 */
final class Faults {
  static final long SLOW_MILLIS = 8_000;
  static final long SHORT_MILLIS = 2_000;
  static final long COPY_MILLIS = 4_000;

  /** Calls per task attempt, in the executor JVM. */
  private static final ConcurrentHashMap<Long, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  private Faults() {}

  static void register(SparkSession spark) {
    spark
        .udf()
        .register(
            "flaky_long",
            (UDF2<Long, Integer, Long>)
                (x, n) -> {
                  inject(n, false);
                  return x;
                },
            DataTypes.LongType);
    spark
        .udf()
        .register(
            "flaky_double",
            (UDF2<Double, Integer, Double>)
                (x, n) -> {
                  inject(n, false);
                  return x;
                },
            DataTypes.DoubleType);
    spark
        .udf()
        .register(
            "flaky_long_copy_loses",
            (UDF2<Long, Integer, Long>)
                (x, n) -> {
                  inject(n, true);
                  return x;
                },
            DataTypes.LongType);
  }

  static void inject(int n, boolean copyLoses) {
    TaskContext ctx = TaskContext.get();
    if (ctx == null) {
      return;
    }
    int call =
        CALLS.computeIfAbsent(ctx.taskAttemptId(), k -> new AtomicInteger()).incrementAndGet();
    if (call != n) {
      return;
    }
    int p = ctx.partitionId();
    String where = "stage " + ctx.stageId() + " partition " + p + " attempt " + ctx.attemptNumber();
    if (ctx.attemptNumber() == 0 && p % 4 == 1) {
      throw new IllegalStateException("injected failure of " + where + " at call " + call);
    }
    if (p != 2) {
      return;
    }
    if (ctx.attemptNumber() == 0) {
      try {
        Thread.sleep(copyLoses ? SHORT_MILLIS : SLOW_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("slow " + where + " interrupted (killed)", e);
      }
    } else if (copyLoses) {
      sleepIgnoringInterrupts(COPY_MILLIS);
    }
  }

  private static void sleepIgnoringInterrupts(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    boolean interrupted = false;
    while (System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
