package io.github.lancelot.spark;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Table;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Option;

/**
 * The read options of a change feed read ({@code readChangeFeed}): the first version, by number
 * ({@code startingVersion}) or as the first version committed at or after a time ({@code
 * startingTimestamp}), and the last, by number ({@code endingVersion}) or as the last version
 * committed at or before a time ({@code endingTimestamp}), the latest by default. Resolved to
 * version numbers against the table's log.
 */
public final class ChangeFeedOptions {
  public static final String READ_CHANGE_FEED = "readChangeFeed";
  public static final String STARTING_VERSION = "startingVersion";
  public static final String ENDING_VERSION = "endingVersion";
  public static final String STARTING_TIMESTAMP = "startingTimestamp";
  public static final String ENDING_TIMESTAMP = "endingTimestamp";

  /**
   * The first namespace element of a path identifier that names a table's change feed rather than
   * the table; the options follow it as {@code name=value} elements.
   */
  static final String PATH_NAMESPACE = "__lance_changes";

  private static final List<String> NAMES =
      List.of(STARTING_VERSION, ENDING_VERSION, STARTING_TIMESTAMP, ENDING_TIMESTAMP);

  private final Map<String, String> values;

  private ChangeFeedOptions(Map<String, String> values) {
    this.values = values;
  }

  /** Whether read options ask for the change feed; fails on a value other than true or false. */
  public static boolean requested(Map<String, String> options) {
    String value = new CaseInsensitiveStringMap(options).get(READ_CHANGE_FEED);
    if (value == null || value.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("true")) {
      return true;
    }
    throw SparkErrors.invalidChangeFeedOption(READ_CHANGE_FEED, value, "true or false");
  }

  /** The change feed options among read options. */
  public static ChangeFeedOptions of(Map<String, String> options) {
    CaseInsensitiveStringMap given = new CaseInsensitiveStringMap(options);
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : NAMES) {
      if (given.get(name) != null) {
        values.put(name, given.get(name));
      }
    }
    return new ChangeFeedOptions(values);
  }

  /** The namespace of a path identifier naming the change feed these options select. */
  String[] pathNamespace() {
    List<String> namespace = new ArrayList<>();
    namespace.add(PATH_NAMESPACE);
    values.forEach((name, value) -> namespace.add(name + "=" + value));
    return namespace.toArray(String[]::new);
  }

  /** The options a path identifier's namespace holds, if it names a change feed. */
  static Optional<ChangeFeedOptions> fromPathNamespace(String[] namespace) {
    if (namespace.length == 0 || !namespace[0].equals(PATH_NAMESPACE)) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    Arrays.stream(namespace)
        .skip(1)
        .forEach(e -> values.put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1)));
    return Optional.of(new ChangeFeedOptions(values));
  }

  /**
   * The first and last version these options select in {@code table}, in that order; errors name
   * the table {@code name}.
   */
  public long[] versions(String name, Table table) {
    long latest = table.latestSnapshot().version();
    long start =
        version(name, table, STARTING_VERSION, STARTING_TIMESTAMP, true)
            .orElseThrow(() -> SparkErrors.changeFeedStartRequired(name));
    long end = version(name, table, ENDING_VERSION, ENDING_TIMESTAMP, false).orElse(latest);
    if (start > end) {
      throw SparkErrors.changeFeedRangeReversed(name, start, end);
    }
    return new long[] {start, end};
  }

  private Optional<Long> version(
      String name, Table table, String versionOption, String timestampOption, boolean starting) {
    String version = values.get(versionOption);
    String timestamp = values.get(timestampOption);
    if (version != null && timestamp != null) {
      throw SparkErrors.changeFeedVersionAndTimestamp(versionOption, timestampOption);
    }
    if (version != null) {
      String v = version.trim();
      if (v.isEmpty() || !v.chars().allMatch(Character::isDigit) || v.length() > 18) {
        throw SparkErrors.invalidChangeFeedOption(versionOption, version, "a version number");
      }
      return Optional.of(Long.parseLong(v));
    }
    if (timestamp == null) {
      return Optional.empty();
    }
    long millis = Math.floorDiv(timestampMicros(timestampOption, timestamp), 1000);
    if (!starting) {
      return Optional.of(table.snapshotAsOf(millis).version());
    }
    return Optional.of(firstVersionAtOrAfter(name, table, millis, timestamp));
  }

  /** Whether the options give the first version, by number or by time. */
  boolean hasStart() {
    return values.containsKey(STARTING_VERSION) || values.containsKey(STARTING_TIMESTAMP);
  }

  /**
   * The first version committed at or after {@code timestamp} ({@code startingTimestamp}), parsed
   * as SQL's {@code TIMESTAMP '...'}; errors name the table {@code name}.
   */
  static long firstVersionAtOrAfter(String name, Table table, String timestamp) {
    long millis = Math.floorDiv(timestampMicros(STARTING_TIMESTAMP, timestamp), 1000);
    return firstVersionAtOrAfter(name, table, millis, timestamp);
  }

  private static long firstVersionAtOrAfter(
      String name, Table table, long millis, String timestamp) {
    return table.history().stream()
        .filter(c -> c.timestamp() >= millis)
        .map(CommitInfo::version)
        .min(Long::compare)
        .orElseThrow(() -> SparkErrors.noVersionAfter(name, timestamp));
  }

  /** Parses a timestamp as SQL's {@code TIMESTAMP '...'} does, in the session zone. */
  private static long timestampMicros(String option, String timestamp) {
    ZoneId zone = DateTimeUtils.getZoneId(SQLConf.get().sessionLocalTimeZone());
    Option<Object> micros =
        DateTimeUtils.stringToTimestamp(UTF8String.fromString(timestamp.trim()), zone);
    if (micros.isEmpty()) {
      throw SparkErrors.invalidChangeFeedOption(
          option, timestamp, "a timestamp such as '2026-01-31 12:00:00'");
    }
    return (Long) micros.get();
  }
}
