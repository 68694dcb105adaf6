package io.github.lancelot.spark;

import org.apache.spark.sql.connector.catalog.TableChange;

/** {@code ALTER COLUMN ... SET/DROP DEFAULT} as Spark 3.5 and 4.0 describe it. */
final class ColumnDefaultChanges {
  private ColumnDefaultChanges() {}

  /** The new default's SQL; empty when the default is dropped. */
  static String newDefaultSql(TableChange.UpdateColumnDefaultValue change) {
    return change.newDefaultValue();
  }
}
