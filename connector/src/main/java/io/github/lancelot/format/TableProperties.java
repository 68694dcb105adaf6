package io.github.lancelot.format;

import java.util.Map;

/** The table properties the format itself reads, with their defaults. */
public final class TableProperties {
  /** A checkpoint is written at every version that is a multiple of this. */
  public static final String CHECKPOINT_INTERVAL = "checkpoint.interval";
  public static final int CHECKPOINT_INTERVAL_DEFAULT = 10;

  /** How many times a commit is attempted before giving up to concurrent writers. */
  public static final String COMMIT_MAX_ATTEMPTS = "commit.max-attempts";
  public static final int COMMIT_MAX_ATTEMPTS_DEFAULT = 100;

  private TableProperties() {}

  /** Checks the values of the properties the format reads, so that a bad value is refused before it is committed. */
  public static void validate(Map<String, String> properties) {
    intValue(properties, CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL_DEFAULT);
    intValue(properties, COMMIT_MAX_ATTEMPTS, COMMIT_MAX_ATTEMPTS_DEFAULT);
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
