package io.github.lancelot.spark;

import org.apache.spark.sql.types.StringType;

/**
 * Whether Spark compares a string type byte by byte, as Lance's statistics order strings. Spark 3.5
 * has no collations: every string compares byte by byte.
 */
final class StringCollations {
  private StringCollations() {}

  static boolean isBinary(StringType type) {
    return true;
  }
}
