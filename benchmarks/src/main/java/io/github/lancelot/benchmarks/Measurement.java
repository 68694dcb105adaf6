package io.github.lancelot.benchmarks;

import io.github.lancelot.format.internal.io.ArrowMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;
import java.util.List;

/**
 * The repeated timings of one operation on one format: their median, the highest JVM heap use seen
 * while it ran, and the most off-heap memory Lancelot's Arrow allocator held at once meanwhile. The
 * benchmark runs Spark in local mode, so the driver and the executors share that heap and that
 * allocator.
 */
record Measurement(double[] millis, long peakHeapBytes, long peakOffHeapBytes) {
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
    long peakOffHeap = 0;
    for (int r = 0; r < repeats; r++) {
      setup.run(r);
      System.gc();
      List<MemoryPoolMXBean> heap =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP)
              .toList();
      heap.forEach(MemoryPoolMXBean::resetPeakUsage);
      ArrowMemory.resetPeak();
      long start = System.nanoTime();
      action.run(r);
      millis[r] = (System.nanoTime() - start) / 1e6;
      peak = Math.max(peak, heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum());
      peakOffHeap = Math.max(peakOffHeap, ArrowMemory.peakBytes());
    }
    return new Measurement(millis, peak, peakOffHeap);
  }

  /** One repetition of a step; {@code repetition} counts from 0. */
  @FunctionalInterface
  interface Step {
    Step NONE = r -> {};

    void run(int repetition) throws Exception;
  }
}
