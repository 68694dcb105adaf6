package io.github.lancelot.spark;

import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.TableErrors;

/** Builds the user-facing errors of the Spark adapters, each naming the table, column, row or option at fault. */
public final class SparkErrors {
  private SparkErrors() {}

  public static IllegalArgumentException pathRequired() {
    return new IllegalArgumentException(
        "A Lance table path is required: use .load(path) / .save(path) or .option(\"path\", ...)");
  }

  public static IllegalArgumentException versionAndTimestamp() {
    return new IllegalArgumentException("Cannot use both versionAsOf and timestampAsOf: choose one");
  }

  public static IllegalArgumentException invalidTimestamp(String table, String timestamp) {
    return new IllegalArgumentException(
        "Invalid timestampAsOf '" + timestamp + "' for table " + table
            + ": expected a timestamp such as '2026-01-31 12:00:00'");
  }

  public static UnsupportedOperationException writeToTimeTravel(String table, long version) {
    return new UnsupportedOperationException(
        "Cannot write to version " + version + " of table " + table
            + ": a table read with VERSION AS OF or TIMESTAMP AS OF is read-only");
  }

  public static UnsupportedOperationException timeTravelOptionOnWrite(String table, String option) {
    return new UnsupportedOperationException(
        "Cannot write to table " + table + " with option " + option
            + ": writes always create a new version on top of the latest; an old version is read-only");
  }

  public static UnsupportedOperationException unsupportedOverwriteCondition(String filter) {
    return new UnsupportedOperationException("Cannot overwrite rows matching " + filter + ": unsupported condition");
  }

  public static UnsupportedOperationException deleteNeedsRowLevelOperation(String table, String condition) {
    return new UnsupportedOperationException("Cannot delete the rows of table " + table + " matching " + condition
        + " by removing whole fragments: their statistics do not show which fragments hold only matching rows");
  }

  public static IllegalArgumentException vectorDimensionMismatch(
      String column, long row, int expected, int actual) {
    return new IllegalArgumentException(
        "Vector column '" + column + "' holds " + expected + " values per row, but row " + row
            + " of the data has " + actual);
  }

  public static IllegalArgumentException invalidVectorDimension(String column, String value) {
    return new IllegalArgumentException(
        "Invalid vector dimension '" + value + "' for column '" + column + "': expected a positive whole number");
  }

  public static IllegalArgumentException vectorColumnNotFloatArray(String column, String type) {
    return new IllegalArgumentException(
        "Column '" + column + "' is declared a vector, but its type is " + type
            + "; vector columns must be ARRAY<FLOAT> or ARRAY<DOUBLE>");
  }

  public static IllegalArgumentException vectorOptionMismatch(String table, String column, int dimension) {
    return new IllegalArgumentException(
        "Column '" + column + "' of table " + table + " is not a vector column of dimension " + dimension
            + "; a vector dimension can only be declared when the column is created");
  }

  public static IllegalArgumentException vectorDimensionForUnknownColumn(String column) {
    return new IllegalArgumentException(
        "A vector dimension is declared for column '" + column + "', which the data does not have");
  }

  public static LancelotException tableNotFound(String table) {
    return TableErrors.tableNotFound(table);
  }

  public static UnsupportedOperationException unsupportedOnPathTables(String what) {
    return new UnsupportedOperationException(
        what + " is not supported through the data source; address the table as <catalog>.`<path>` in a catalog of type io.github.lancelot.catalog.LanceCatalog");
  }

  public static UnsupportedOperationException unsupportedType(String column, String type) {
    return new UnsupportedOperationException("Column '" + column + "' has type " + type + ", which Lance tables cannot store");
  }
}
