package io.github.lancelot.catalog;

/**
 * How often one statement lists a table's log on Spark 3.5 and 4.0: once, when Spark loads the
 * table.
 */
final class LogListingsPerStatement {
  private LogListingsPerStatement() {}

  static final int MAX = 1;
}
