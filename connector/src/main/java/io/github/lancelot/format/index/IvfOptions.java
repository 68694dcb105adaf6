package io.github.lancelot.format.index;

import io.github.lancelot.format.TableErrors;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings of an {@code ivf_flat} index (format.md section 20.2): the metric, how many
 * partitions, how many a query probes by default, and how many vectors train the centroids. Parsed
 * from a user's options with defaults from the table's size, or read back from an index entry.
 */
public record IvfOptions(IndexMetric metric, int partitions, int nprobes, int sampleRows)
    implements Serializable {
  /** The only kind this release builds and reads. */
  public static final String KIND = "ivf_flat";

  /** The version of the kind's file layout this release writes and reads. */
  public static final int KIND_VERSION = 1;

  public static final List<String> KINDS = List.of(KIND);
  public static final List<String> OPTIONS =
      List.of("metric", "partitions", "nprobes", "sample_rows");
  static final int MAX_PARTITIONS = 65_536;

  /**
   * The settings for a new index from the options a user gave (names in any case), the others
   * defaulting from the rows to index.
   */
  public static IvfOptions parse(
      String table, String index, String kind, Map<String, String> options, long rows) {
    if (!KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
      throw TableErrors.unknownIndexKind(table, kind, KINDS);
    }
    Map<String, String> given = new TreeMap<>();
    options.forEach((k, v) -> given.put(k.toLowerCase(Locale.ROOT), v));
    for (String key : given.keySet()) {
      if (!OPTIONS.contains(key)) {
        throw TableErrors.invalidIndexOption(
            table,
            index,
            key,
            null,
            "no such option; the options are " + String.join(", ", OPTIONS));
      }
    }
    IndexMetric metric =
        given.containsKey("metric")
            ? IndexMetric.of(given.get("metric"))
                .orElseThrow(
                    () ->
                        TableErrors.invalidIndexOption(
                            table, index, "metric", given.get("metric"), "use l2, cosine or dot"))
            : IndexMetric.L2;
    int defaultPartitions = (int) Math.max(1, Math.min(4096, Math.round(Math.sqrt(rows))));
    int partitions = positive(table, index, given, "partitions", defaultPartitions, MAX_PARTITIONS);
    int nprobes =
        positive(table, index, given, "nprobes", Math.max(1, partitions / 8), MAX_PARTITIONS);
    int sampleRows =
        positive(
            table, index, given, "sample_rows", Math.max(32 * partitions, 8192), Integer.MAX_VALUE);
    return new IvfOptions(metric, partitions, nprobes, sampleRows);
  }

  private static int positive(
      String table, String index, Map<String, String> given, String key, int dflt, int max) {
    String text = given.get(key);
    if (text == null) {
      return dflt;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= 1 && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw TableErrors.invalidIndexOption(
        table, index, key, text, "expected a whole number from 1 to " + max);
  }

  /**
   * The settings of an index entry, or empty when this release cannot use it: another kind, a newer
   * layout, or parameters it does not understand. Such an index is ignored, never an error.
   */
  public static Optional<IvfOptions> of(VectorIndex index) {
    if (!KIND.equals(index.kind()) || index.kindVersion() > KIND_VERSION) {
      return Optional.empty();
    }
    try {
      Map<String, String> p = index.parameters();
      Optional<IndexMetric> metric = IndexMetric.of(p.getOrDefault("metric", "l2"));
      int partitions = Integer.parseInt(p.get("partitions"));
      int nprobes = Integer.parseInt(p.get("nprobes"));
      int sampleRows = Integer.parseInt(p.getOrDefault("sample_rows", "1"));
      if (metric.isEmpty() || partitions < 1 || nprobes < 1) {
        return Optional.empty();
      }
      return Optional.of(new IvfOptions(metric.get(), partitions, nprobes, sampleRows));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** These settings with the number of partitions training actually produced. */
  public IvfOptions withPartitions(int trained) {
    return new IvfOptions(metric, trained, Math.min(nprobes, Math.max(trained, 1)), sampleRows);
  }

  /** The entry's {@code parameters}. */
  public Map<String, String> parameters() {
    Map<String, String> p = new TreeMap<>();
    p.put("metric", metric.key());
    p.put("partitions", String.valueOf(partitions));
    p.put("nprobes", String.valueOf(nprobes));
    p.put("sample_rows", String.valueOf(sampleRows));
    return p;
  }
}
