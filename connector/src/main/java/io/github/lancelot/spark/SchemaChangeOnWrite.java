package io.github.lancelot.spark;

import java.util.Map;

/**
 * How a write into an existing table may change its columns, as the write options say: {@code
 * mergeSchema=true} adds the data's columns that the table lacks, {@code overwriteSchema=true}
 * (only with a write that replaces every row) makes the data's columns the table's. Without either,
 * the data must fit the table's columns.
 */
enum SchemaChangeOnWrite {
  NONE,
  MERGE,
  OVERWRITE;

  static final String MERGE_SCHEMA = "mergeSchema";
  static final String OVERWRITE_SCHEMA = "overwriteSchema";

  /** What {@code options} (keys in any case) ask for; overwriteSchema wins over mergeSchema. */
  static SchemaChangeOnWrite of(Map<String, String> options) {
    if (isSet(options, OVERWRITE_SCHEMA)) {
      return OVERWRITE;
    }
    return isSet(options, MERGE_SCHEMA) ? MERGE : NONE;
  }

  private static boolean isSet(Map<String, String> options, String option) {
    for (Map.Entry<String, String> e : options.entrySet()) {
      if (e.getKey().equalsIgnoreCase(option)) {
        String value = e.getValue().trim();
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          return value.equalsIgnoreCase("true");
        }
        throw SparkErrors.invalidBooleanOption(option, e.getValue());
      }
    }
    return false;
  }
}
