package io.github.lancelot.spark;

/**
 * Spark 4 asks for a write's metrics once its files are complete: a task after it was handed all
 * its rows ({@code DataWriter.writeAll}), the driver after the commit ({@code
 * Write.reportDriverMetrics}, {@code StagedTable.reportDriverMetrics}).
 */
final class WriteCompletionMetrics {
  static final boolean REPORTED = true;

  private WriteCompletionMetrics() {}
}
