package io.github.lancelot.it;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.TaskCommitDenied;
import org.apache.spark.TaskKilled;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * What the driver saw of tasks: where they ran, speculative copies, failed, killed and denied
 * attempts.
 */
final class TaskStats extends SparkListener {
  final Set<String> executorsWithSuccessfulTasks = ConcurrentHashMap.newKeySet();
  final Set<String> hosts = ConcurrentHashMap.newKeySet();
  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger ended = new AtomicInteger();
  final AtomicInteger succeeded = new AtomicInteger();
  final AtomicInteger speculativeStarted = new AtomicInteger();
  final AtomicInteger speculativeSucceeded = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final AtomicInteger killed = new AtomicInteger();
  final AtomicInteger commitDenied = new AtomicInteger();

  /** Task end reasons other than success, by class name and message. */
  final Map<String, Integer> otherEnds = new ConcurrentHashMap<>();

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    started.incrementAndGet();
    hosts.add(start.taskInfo().host());
    if (start.taskInfo().speculative()) {
      speculativeStarted.incrementAndGet();
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Object reason = end.reason();
    if (reason == Success$.MODULE$) {
      succeeded.incrementAndGet();
      executorsWithSuccessfulTasks.add(end.taskInfo().executorId());
      if (end.taskInfo().speculative()) {
        speculativeSucceeded.incrementAndGet();
      }
    } else if (reason instanceof TaskKilled) {
      killed.incrementAndGet();
    } else if (reason instanceof TaskCommitDenied) {
      commitDenied.incrementAndGet();
    } else {
      failed.incrementAndGet();
      otherEnds.merge(reason.getClass().getSimpleName(), 1, Integer::sum);
    }
    ended.incrementAndGet();
  }

  int running() {
    return started.get() - ended.get();
  }

  /**
   * Waits until every task that started has ended, killed speculative or zombie attempts included
   * (they may still be running when their job has finished), and the counts have stayed so for a
   * moment.
   */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    int stableRounds = 0;
    while (System.currentTimeMillis() < deadline) {
      stableRounds = running() == 0 ? stableRounds + 1 : 0;
      if (stableRounds >= 3) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public String toString() {
    Map<String, Object> m = new TreeMap<>();
    m.put("tasks", started.get());
    m.put("succeeded", succeeded.get());
    m.put("failed", failed.get());
    m.put("killed", killed.get());
    m.put("commitDenied", commitDenied.get());
    m.put(
        "speculative",
        speculativeStarted.get() + " started/" + speculativeSucceeded.get() + " won");
    m.put(
        "executors",
        new TreeMap<>(
            Map.of(
                "ids", String.join(",", new TreeSet<>(executorsWithSuccessfulTasks)),
                "hosts", String.join(",", new TreeSet<>(hosts)))));
    if (!otherEnds.isEmpty()) {
      m.put("failureKinds", otherEnds);
    }
    return m.toString();
  }
}
