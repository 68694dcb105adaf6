package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;

/** Resolves Spark's time-travel arguments (VERSION AS OF, TIMESTAMP AS OF, versionAsOf / timestampAsOf) to a snapshot. */
public final class TimeTravel {
  private TimeTravel() {}

  /** The version named by a number; tag names are not supported yet. */
  public static Snapshot atVersion(Table table, String version) {
    long v;
    try {
      v = Long.parseLong(version.trim());
    } catch (NumberFormatException e) {
      throw SparkErrors.invalidVersion(table.location(), version);
    }
    return table.snapshotAt(v);
  }

  /** Spark passes timestamps as microseconds since the epoch; commit times are kept in milliseconds. */
  public static Snapshot atTimestampMicros(Table table, long micros) {
    return table.snapshotAsOf(Math.floorDiv(micros, 1000));
  }
}
