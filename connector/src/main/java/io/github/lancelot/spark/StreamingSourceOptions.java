package io.github.lancelot.spark;

import io.github.lancelot.format.Table;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The read options of a stream from a Lance table ({@code spark.readStream}): where it starts
 * ({@code startingVersion}, a version number or {@code latest}, or {@code startingTimestamp}; by
 * default a snapshot of the latest version), how much one micro-batch reads ({@code
 * maxFilesPerTrigger}, {@code maxBytesPerTrigger}) and whether versions that delete or update rows
 * are skipped ({@code skipChangeCommits}). Checked when the query plans its first batch.
 */
final class StreamingSourceOptions {
  static final String STARTING_VERSION = ChangeFeedOptions.STARTING_VERSION;
  static final String STARTING_TIMESTAMP = ChangeFeedOptions.STARTING_TIMESTAMP;
  static final String MAX_FILES_PER_TRIGGER = "maxFilesPerTrigger";
  static final String MAX_BYTES_PER_TRIGGER = "maxBytesPerTrigger";
  static final String SKIP_CHANGE_COMMITS = "skipChangeCommits";
  static final int DEFAULT_MAX_FILES_PER_TRIGGER = 1000;
  private static final String LATEST = "latest";

  /**
   * Where a stream starts: the first version it reads, and whether it reads that version's rows as
   * a snapshot (all its live rows) rather than the rows the version added.
   */
  record Start(long version, boolean snapshot) {}

  private final String table;
  private final CaseInsensitiveStringMap options;
  private final int maxFiles;
  private final long maxBytes;
  private final boolean skipChangeCommits;

  private StreamingSourceOptions(String table, CaseInsensitiveStringMap options) {
    this.table = table;
    this.options = options;
    this.maxFiles = parseMaxFiles();
    this.maxBytes = parseMaxBytes();
    this.skipChangeCommits = parseSkipChangeCommits();
  }

  /** The stream options among the read options of table {@code table}, which errors name. */
  static StreamingSourceOptions of(String table, Map<String, String> options) {
    return new StreamingSourceOptions(table, new CaseInsensitiveStringMap(options));
  }

  /** The most fragments (or, for a change feed, the most versions) one micro-batch reads. */
  int maxFilesPerTrigger() {
    return maxFiles;
  }

  /** The bytes after which a micro-batch reads no further fragment; at least one is read. */
  long maxBytesPerTrigger() {
    return maxBytes;
  }

  boolean skipChangeCommits() {
    return skipChangeCommits;
  }

  /**
   * Where the stream starts in {@code lance}, which the query found at version {@code loaded}: the
   * option's version, or a snapshot of {@code loaded}.
   */
  Start start(Table lance, long loaded) {
    String version = options.get(STARTING_VERSION);
    String timestamp = options.get(STARTING_TIMESTAMP);
    if (version != null && timestamp != null) {
      throw SparkErrors.streamStartVersionAndTimestamp(table);
    }
    if (timestamp != null) {
      return new Start(ChangeFeedOptions.firstVersionAtOrAfter(table, lance, timestamp), false);
    }
    if (version == null) {
      return new Start(loaded, true);
    }
    long latest = lance.latestSnapshot().version();
    String v = version.trim();
    if (v.equalsIgnoreCase(LATEST)) {
      return new Start(latest + 1, false);
    }
    if (!v.isEmpty() && v.length() <= 18 && v.chars().allMatch(Character::isDigit)) {
      long n = Long.parseLong(v);
      if (n >= 1 && n <= latest) {
        return new Start(n, false);
      }
    }
    throw SparkErrors.invalidStreamOption(
        table, STARTING_VERSION, version, "'latest' or a version number from 1 to " + latest);
  }

  private int parseMaxFiles() {
    String value = options.get(MAX_FILES_PER_TRIGGER);
    if (value == null) {
      return DEFAULT_MAX_FILES_PER_TRIGGER;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SparkErrors.invalidStreamOption(
        table, MAX_FILES_PER_TRIGGER, value, "a positive number of files");
  }

  private long parseMaxBytes() {
    String value = options.get(MAX_BYTES_PER_TRIGGER);
    if (value == null) {
      return Long.MAX_VALUE;
    }
    try {
      long n = JavaUtils.byteStringAsBytes(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SparkErrors.invalidStreamOption(
        table, MAX_BYTES_PER_TRIGGER, value, "a positive size such as 1048576 or 10m");
  }

  private boolean parseSkipChangeCommits() {
    String value = options.get(SKIP_CHANGE_COMMITS);
    if (value == null || value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    throw SparkErrors.invalidStreamOption(table, SKIP_CHANGE_COMMITS, value, "true or false");
  }
}
