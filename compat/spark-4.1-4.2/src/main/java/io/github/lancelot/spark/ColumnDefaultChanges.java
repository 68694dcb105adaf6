package io.github.lancelot.spark;

import org.apache.spark.sql.connector.catalog.DefaultValue;
import org.apache.spark.sql.connector.catalog.TableChange;

/**
 * {@code ALTER COLUMN ... SET/DROP DEFAULT} as Spark 4.1 and 4.2 describe it: the new default as a
 * {@link DefaultValue}, none when it is dropped.
 */
final class ColumnDefaultChanges {
  private ColumnDefaultChanges() {}

  /** The new default's SQL; empty when the default is dropped. */
  static String newDefaultSql(TableChange.UpdateColumnDefaultValue change) {
    DefaultValue value = change.newCurrentDefault();
    return value == null ? "" : value.getSql();
  }
}
