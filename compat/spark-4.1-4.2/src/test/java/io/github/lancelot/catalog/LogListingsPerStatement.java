package io.github.lancelot.catalog;

/**
 * How often one statement lists a table's log on Spark 4.1 and 4.2: when Spark loads the table, and
 * again when it runs the query, since it reloads a table that reports a version to run on the
 * latest one.
 */
final class LogListingsPerStatement {
  private LogListingsPerStatement() {}

  static final int MAX = 2;
}
