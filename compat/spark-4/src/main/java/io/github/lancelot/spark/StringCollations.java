package io.github.lancelot.spark;

import org.apache.spark.sql.types.StringType;

/**
 * Whether Spark compares a string type byte by byte, as Lance's statistics order strings. Spark 4
 * strings may carry a collation (case- or accent-insensitive orders), which filters must not be
 * pushed down with.
 */
final class StringCollations {
  private StringCollations() {}

  static boolean isBinary(StringType type) {
    return type.isUTF8BinaryCollation();
  }
}
