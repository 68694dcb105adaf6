package io.github.lancelot.spark;

/** Spark 4 asks a write for driver metrics ({@code Write.reportDriverMetrics}) after its commit. */
final class WriteDriverMetrics {
  static final boolean REPORTED = true;

  private WriteDriverMetrics() {}
}
