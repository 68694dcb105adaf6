package io.github.lancelot.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A goal for one operation: Lancelot's median time divided by a reference time (a peer's on the
 * same operation, or Lancelot's own on another) must be at most {@code limit}.
 */
record Target(
    String operation,
    String referenceOperation,
    String referenceFormat,
    double limit,
    String meaning) {
  static final String OURS = "Lancelot";

  static List<Target> all() {
    return List.of(
        new Target(
            Workload.SCAN_AGGREGATE, Workload.SCAN_AGGREGATE, "Delta", 0.8, "scans lead Delta's"),
        new Target(
            Workload.SCAN_ONE_COLUMN,
            Workload.SCAN_ONE_COLUMN,
            "Delta",
            0.8,
            "the vector column is not read"),
        new Target(
            Workload.SELECTIVE_FILTER,
            Workload.SELECTIVE_FILTER,
            "Delta",
            0.8,
            "fragments are skipped"),
        new Target(Workload.COUNT, Workload.COUNT, "Delta", 0.8, "answered from metadata"),
        new Target(Workload.DELETE, Workload.DELETE, "Delta", 0.3, "deletion vectors, no rewrite"),
        new Target(Workload.UPDATE, Workload.UPDATE, "Delta", 0.3, "deletion vectors, no rewrite"),
        new Target(Workload.MERGE, Workload.MERGE, "Delta", 0.5, "deletion vectors, no rewrite"),
        new Target(Workload.SMALL_APPENDS, Workload.SMALL_APPENDS, "Delta", 0.5, "cheap commits"),
        new Target(
            Workload.TIME_TRAVEL,
            Workload.SCAN_AGGREGATE,
            OURS,
            1.2,
            "an old version reads like the latest"));
  }

  /** The ratio on this run, if both times were measured. */
  OptionalDouble ratio(Map<String, Map<String, Measurement>> results) {
    Measurement ours = results.getOrDefault(operation, Map.of()).get(OURS);
    Measurement reference = results.getOrDefault(referenceOperation, Map.of()).get(referenceFormat);
    if (ours == null || reference == null) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(ours.median() / reference.median());
  }

  String describe() {
    String against =
        referenceFormat.equals(OURS) ? "its own latest-version scan" : referenceFormat + "'s";
    return String.format("≤ %.1fx %s (%s)", limit, against, meaning);
  }
}
