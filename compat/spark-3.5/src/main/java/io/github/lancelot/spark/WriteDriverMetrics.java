package io.github.lancelot.spark;

/** Spark 3.5 does not ask a write for driver metrics ({@code Write.reportDriverMetrics}). */
final class WriteDriverMetrics {
  static final boolean REPORTED = false;

  private WriteDriverMetrics() {}
}
