package io.github.lancelot.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

/**
 * The repeated timings of one operation on one format: their median, and the highest JVM heap use
 * seen while it ran. The benchmark runs Spark in local mode, so the driver and the executors share
 * that heap.
 */
record Measurement(double[] millis, long peakHeapBytes) {
  double median() {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Runs {@code setup} (not timed) and then {@code action} (timed) {@code repeats} times. */
  static Measurement of(int repeats, Step setup, Step action) throws Exception {
    double[] millis = new double[repeats];
    long peak = 0;
    for (int r = 0; r < repeats; r++) {
      setup.run(r);
      System.gc();
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      long start = System.nanoTime();
      action.run(r);
      millis[r] = (System.nanoTime() - start) / 1e6;
      peak = Math.max(peak, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
    }
    return new Measurement(millis, peak);
  }

  /** One repetition of a step; {@code repetition} counts from 0. */
  @FunctionalInterface
  interface Step {
    Step NONE = r -> {};

    void run(int repetition) throws Exception;
  }
}
