package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;

/**
 * Resolves Spark's time-travel arguments (VERSION AS OF, TIMESTAMP AS OF, versionAsOf /
 * timestampAsOf) to a snapshot.
 */
public final class TimeTravel {
  private TimeTravel() {}

  /** The version named by a number or by a tag. */
  public static Snapshot atVersion(Table table, String version) {
    String v = version.trim();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      return table.snapshotAt(Long.parseLong(v));
    }
    return table.snapshotAtTag(v);
  }

  /**
   * Spark passes timestamps as microseconds since the epoch; commit times are kept in milliseconds.
   */
  public static Snapshot atTimestampMicros(Table table, long micros) {
    return table.snapshotAsOf(Math.floorDiv(micros, 1000));
  }
}
