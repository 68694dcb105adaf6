package io.github.lancelot.format;

import java.util.Map;
import java.util.TreeMap;

/** The table properties the format itself reads, with their defaults. */
public final class TableProperties {
  /** A checkpoint is written at every version that is a multiple of this. */
  public static final String CHECKPOINT_INTERVAL = "checkpoint.interval";

  public static final int CHECKPOINT_INTERVAL_DEFAULT = 10;

  /** How many times a commit is attempted before giving up to concurrent writers. */
  public static final String COMMIT_MAX_ATTEMPTS = "commit.max-attempts";

  public static final int COMMIT_MAX_ATTEMPTS_DEFAULT = 100;

  /**
   * The shortest retention a cleanup accepts without being forced, and the age below which
   * unreferenced files are never removed (they may belong to a commit in flight).
   */
  public static final String CLEANUP_RETENTION_HOURS = "cleanup.retention-threshold-hours";

  public static final int CLEANUP_RETENTION_HOURS_DEFAULT = 168;

  /**
   * The buffer codec ({@link WriteOptions#COMPRESSION}) a new table records when its creator names
   * none, chosen by measuring size and scan time (docs/benchmarks.md, "Size on disk and the default
   * codec"). A table without the property, as every table created before this default was, keeps
   * writing uncompressed.
   */
  public static final String NEW_TABLE_COMPRESSION = "zstd";

  private TableProperties() {}

  /**
   * The properties a table is created with: {@code properties}, with {@link #NEW_TABLE_COMPRESSION}
   * as {@code compression} unless they name a codec.
   */
  public static Map<String, String> forNewTable(Map<String, String> properties) {
    if (properties.containsKey(WriteOptions.COMPRESSION)) {
      return properties;
    }
    Map<String, String> out = new TreeMap<>(properties);
    out.put(WriteOptions.COMPRESSION, NEW_TABLE_COMPRESSION);
    return out;
  }

  /**
   * Checks the values of the properties the format reads, so that a bad value is refused before it
   * is committed.
   */
  static void validate(Map<String, String> properties) {
    intValue(properties, CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL_DEFAULT);
    intValue(properties, COMMIT_MAX_ATTEMPTS, COMMIT_MAX_ATTEMPTS_DEFAULT);
    retentionHours(properties);
    WriteOptions.from(properties);
  }

  /** The cleanup retention threshold in hours; 0 turns the guard off. */
  public static int retentionHours(Map<String, String> properties) {
    String v = properties.get(CLEANUP_RETENTION_HOURS);
    if (v != null && v.trim().equals("0")) {
      return 0;
    }
    return intValue(properties, CLEANUP_RETENTION_HOURS, CLEANUP_RETENTION_HOURS_DEFAULT);
  }

  public static int intValue(Map<String, String> properties, String key, int fallback) {
    String v = properties.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw TableErrors.invalidProperty(key, v, "a positive whole number");
  }
}
