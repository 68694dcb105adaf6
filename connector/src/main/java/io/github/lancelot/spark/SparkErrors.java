package io.github.lancelot.spark;

import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.TableErrors;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the user-facing errors of the Spark adapters, each naming the table, column, row or option
 * at fault.
 */
public final class SparkErrors {
  private SparkErrors() {}

  public static IllegalArgumentException pathRequired() {
    return new IllegalArgumentException(
        "A Lance table path is required: use .load(path) / .save(path) or .option(\"path\", ...)");
  }

  public static IllegalArgumentException versionAndTimestamp() {
    return new IllegalArgumentException(
        "Cannot use both versionAsOf and timestampAsOf: choose one");
  }

  public static IllegalArgumentException invalidTimestamp(String table, String timestamp) {
    return new IllegalArgumentException(
        "Invalid timestampAsOf '"
            + timestamp
            + "' for table "
            + table
            + ": expected a timestamp such as '2026-01-31 12:00:00'");
  }

  public static UnsupportedOperationException writeToTimeTravel(String table, long version) {
    return new UnsupportedOperationException(
        "Cannot write to version "
            + version
            + " of table "
            + table
            + ": a table read with VERSION AS OF or TIMESTAMP AS OF is read-only");
  }

  public static UnsupportedOperationException timeTravelOptionOnWrite(String table, String option) {
    return new UnsupportedOperationException(
        "Cannot write to table "
            + table
            + " with option "
            + option
            + ": writes always create a new version on top of the latest; an old version is read-only");
  }

  public static UnsupportedOperationException timeTravelOptionWithOtherColumns(
      String table, long version) {
    return new UnsupportedOperationException(
        "Cannot read version "
            + version
            + " of table "
            + table
            + " through read options: its columns differ from the latest version's; read it with"
            + " SQL's VERSION AS OF, or by path with spark.read().format(\"lance\")");
  }

  /**
   * Attached to Spark's own MERGE_CARDINALITY_VIOLATION, which does not say which table the MERGE
   * wrote to.
   */
  public static IllegalStateException mergeCardinalityViolation(String table) {
    return new IllegalStateException(
        "MERGE INTO "
            + table
            + " matched one of its rows with more than one source row, so it could not tell which"
            + " change to apply; make the ON condition match at most one source row per row of "
            + table);
  }

  public static UnsupportedOperationException unsupportedOverwriteCondition(String filter) {
    return new UnsupportedOperationException(
        "Cannot overwrite rows matching " + filter + ": unsupported condition");
  }

  public static UnsupportedOperationException deleteNeedsRowLevelOperation(
      String table, String condition) {
    return new UnsupportedOperationException(
        "Cannot delete the rows of table "
            + table
            + " matching "
            + condition
            + " by removing whole fragments: their statistics do not show which fragments hold only matching rows");
  }

  public static IllegalArgumentException vectorDimensionMismatch(
      String column, long row, int expected, int actual) {
    return new IllegalArgumentException(
        "Vector column '"
            + column
            + "' holds "
            + expected
            + " values per row, but row "
            + row
            + " of the data has "
            + actual);
  }

  /**
   * Two vectors of different dimensions passed to a vector function, in the words of Spark 4.2's
   * built-ins ({@code VECTOR_DIMENSION_MISMATCH}).
   */
  public static IllegalArgumentException vectorFunctionDimensionsDiffer(
      String function, int left, int right) {
    return new IllegalArgumentException(
        "Vectors passed to `"
            + function
            + "` must have the same dimension, but got "
            + left
            + " and "
            + right
            + ".");
  }

  public static UnsupportedOperationException vectorFunctionInputs(String function, String inputs) {
    return new UnsupportedOperationException(
        function
            + " takes two ARRAY<FLOAT> vectors, not ("
            + inputs
            + "): cast an argument with CAST(x AS ARRAY<FLOAT>) or write float literals such as"
            + " array(0.5F, 1.0F)");
  }

  public static IllegalArgumentException invalidVectorDimension(String column, String value) {
    return new IllegalArgumentException(
        "Invalid vector dimension '"
            + value
            + "' for column '"
            + column
            + "': expected a positive whole number");
  }

  public static IllegalArgumentException vectorColumnNotFloatArray(String column, String type) {
    return new IllegalArgumentException(
        "Column '"
            + column
            + "' is declared a vector, but its type is "
            + type
            + "; vector columns must be ARRAY<FLOAT> or ARRAY<DOUBLE>");
  }

  public static IllegalArgumentException vectorOptionMismatch(
      String table, String column, int dimension) {
    return new IllegalArgumentException(
        "Column '"
            + column
            + "' of table "
            + table
            + " is not a vector column of dimension "
            + dimension
            + "; a vector dimension can only be declared when the column is created");
  }

  public static IllegalArgumentException vectorDimensionForUnknownColumn(String column) {
    return new IllegalArgumentException(
        "A vector dimension is declared for column '" + column + "', which the data does not have");
  }

  public static LancelotException tableNotFound(String table) {
    return TableErrors.tableNotFound(table);
  }

  /**
   * The Spark job of a compaction failed; names the format's error a task hit (such as a data file
   * it could not read) rather than the job's stage and attempt numbers, when there is one.
   */
  public static LancelotException compactionFailed(String table, Throwable jobFailure) {
    Throwable reason = jobFailure;
    for (Throwable t = jobFailure; t != null; t = t.getCause()) {
      if (t instanceof LancelotException) {
        reason = t;
        break;
      }
    }
    return TableErrors.compactionFailed(table, reason.getMessage(), jobFailure);
  }

  public static IllegalArgumentException invalidNprobes(String setting, String value) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for " + setting + ": expected a positive whole number");
  }

  /** A failed index build, naming the format's error a task hit where there is one. */
  public static LancelotException indexBuildFailed(String table, String index, Throwable failure) {
    Throwable reason = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof LancelotException) {
        reason = t;
        break;
      }
    }
    return TableErrors.indexBuildFailed(table, index, reason);
  }

  public static UnsupportedOperationException partitioningUnsupported(String table) {
    return new UnsupportedOperationException(
        "Table "
            + table
            + " cannot be partitioned: Lance tables are not partitioned (fragments are pruned by statistics)");
  }

  public static UnsupportedOperationException providerUnsupported(String table, String provider) {
    return new UnsupportedOperationException(
        "Table "
            + table
            + " cannot use provider '"
            + provider
            + "': this catalog holds only Lance tables");
  }

  public static IllegalArgumentException locationMismatch(String table, String location) {
    return new IllegalArgumentException(
        "Table "
            + table
            + " cannot have LOCATION '"
            + location
            + "': a table addressed by its path lives there; "
            + "address the other folder by its own path");
  }

  public static UnsupportedOperationException nestedColumnChange(
      String table, String[] fieldNames) {
    return new UnsupportedOperationException(
        "Cannot change nested field "
            + String.join(".", fieldNames)
            + " of table "
            + table
            + ": only top-level columns can be added, renamed, dropped or changed");
  }

  public static UnsupportedOperationException unsupportedChange(String table, String change) {
    return new UnsupportedOperationException("Cannot " + change + " of table " + table);
  }

  public static IllegalArgumentException columnNotFound(String table, String column) {
    return new IllegalArgumentException("Column '" + column + "' does not exist in table " + table);
  }

  public static UnsupportedOperationException dropOfPathTable(String table) {
    return new UnsupportedOperationException(
        "Cannot drop table "
            + table
            + ": a table addressed by its path is not dropped through a catalog; "
            + "delete its folder to remove it");
  }

  public static UnsupportedOperationException renameOfPathTable(String from, String to) {
    return new UnsupportedOperationException(
        "Cannot rename "
            + from
            + " to "
            + to
            + ": tables are renamed within the warehouse, not to or from a path");
  }

  public static UnsupportedOperationException unsupportedType(String column, String type) {
    return new UnsupportedOperationException(
        "Column '" + column + "' has type " + type + ", which Lance tables cannot store");
  }

  public static IllegalArgumentException columnsNotInTable(String table, List<String> columns) {
    return new IllegalArgumentException(
        "Cannot write to table "
            + table
            + ": the data has columns the table does not have: "
            + quoted(columns)
            + ". To add them to the table with this write, set the write option"
            + " mergeSchema=true (.option(\"mergeSchema\", \"true\")), or add them first with"
            + " ALTER TABLE ... ADD COLUMNS");
  }

  public static IllegalArgumentException newColumnNameTaken(
      String table, String column, String existing) {
    return new IllegalArgumentException(
        "Cannot add column '"
            + column
            + "' to table "
            + table
            + ": the table has column '"
            + existing
            + "', and column names of a Lance table ignore case");
  }

  /**
   * {@code overwriteSchema} on a write that keeps some of the table's rows, named by {@code write}
   * ("an append to").
   */
  public static IllegalArgumentException overwriteSchemaWithoutOverwrite(
      String table, String write) {
    return new IllegalArgumentException(
        "Cannot use the write option overwriteSchema in "
            + write
            + " table "
            + table
            + ": it replaces the table's columns, so the write must replace every row"
            + " (mode \"overwrite\", or writeTo(...).overwrite(lit(true))); to add columns while"
            + " keeping the rows, use mergeSchema");
  }

  /** Spark refuses the LEGACY store assignment policy for every DataSource V2 write, as here. */
  public static UnsupportedOperationException legacyStoreAssignment(String table) {
    return new UnsupportedOperationException(
        "Cannot write to table "
            + table
            + " with spark.sql.storeAssignmentPolicy=LEGACY, which Spark allows only for v1"
            + " tables; set it to ANSI (the default) or STRICT");
  }

  public static IllegalArgumentException invalidBooleanOption(String option, String value) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for write option " + option + ": expected true or false");
  }

  /**
   * The data handed to a write is not in the columns the write commits: Spark resolved the write
   * without Lancelot's rule, or around it.
   */
  public static IllegalStateException writeColumnsMismatch(
      String table, List<String> dataColumns, List<String> tableColumns) {
    return new IllegalStateException(
        "Cannot write to table "
            + table
            + ": the data's columns "
            + quoted(dataColumns)
            + " are not the columns the write commits, "
            + quoted(tableColumns));
  }

  public static IllegalArgumentException invalidTxnOptions(
      String table, String appId, String version) {
    return new IllegalArgumentException(
        "Invalid idempotent write to table "
            + table
            + ": txnAppId ("
            + appId
            + ") and txnVersion ("
            + version
            + ") must be given together, txnAppId non-empty and txnVersion a number of at least 0");
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "));
  }

  public static IllegalArgumentException invalidChangeFeedOption(
      String option, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid change feed option " + option + " '" + value + "': expected " + expected);
  }

  public static IllegalArgumentException changeFeedStartRequired(String table) {
    return new IllegalArgumentException(
        "Cannot read the changes of table "
            + table
            + ": give the first version with startingVersion or startingTimestamp");
  }

  public static IllegalArgumentException changeFeedVersionAndTimestamp(
      String versionOption, String timestampOption) {
    return new IllegalArgumentException(
        "Cannot use both " + versionOption + " and " + timestampOption + ": choose one");
  }

  public static IllegalArgumentException changeFeedRangeReversed(
      String table, long start, long end) {
    return new IllegalArgumentException(
        "Cannot read the changes of table "
            + table
            + " from version "
            + start
            + " to version "
            + end
            + ": the starting version is after the ending version");
  }

  public static IllegalArgumentException noVersionAfter(String table, String timestamp) {
    return new IllegalArgumentException(
        "Cannot read the changes of table "
            + table
            + " from "
            + timestamp
            + ": no version was committed at or after that time");
  }

  public static IllegalArgumentException changeFeedWithTimeTravel(String table) {
    return new IllegalArgumentException(
        "Cannot read the changes of table "
            + table
            + " with versionAsOf or timestampAsOf: give the range with startingVersion /"
            + " endingVersion or startingTimestamp / endingTimestamp");
  }

  public static IllegalArgumentException changeFeedColumnTaken(String table, String column) {
    return new IllegalArgumentException(
        "Cannot read the changes of table "
            + table
            + ": its column "
            + column
            + " has the name of a change feed column; rename it to read the changes");
  }

  public static IllegalArgumentException invalidStreamOption(
      String table, String option, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid value '"
            + value
            + "' for option "
            + option
            + " of the stream from table "
            + table
            + ": expected "
            + expected);
  }

  public static IllegalArgumentException streamStartVersionAndTimestamp(String table) {
    return new IllegalArgumentException(
        "Cannot start the stream from table "
            + table
            + " with both startingVersion and startingTimestamp: choose one");
  }

  public static IllegalStateException streamTableReplaced(
      String table, String checkpointed, String current) {
    return new IllegalStateException(
        "Cannot continue the stream from table "
            + table
            + ": the table was dropped and created again since the query's checkpoint (table id "
            + checkpointed
            + ", now "
            + current
            + "); start the query with a new checkpoint location");
  }

  public static UnsupportedOperationException streamChangeCommit(
      String table, long version, String operation) {
    return new UnsupportedOperationException(
        "Cannot stream from table "
            + table
            + ": version "
            + version
            + " ("
            + operation
            + ") deleted or updated rows, which a stream of appended rows cannot emit; set the"
            + " option skipChangeCommits to true to skip such versions, or stream the change feed"
            + " with readChangeFeed");
  }

  public static IllegalStateException streamSchemaChanged(
      String table, long version, String operation) {
    return new IllegalStateException(
        "Cannot stream from table "
            + table
            + ": version "
            + version
            + " ("
            + operation
            + ") changed the table's columns after the stream started; restart the query to"
            + " stream with the new columns");
  }

  public static IllegalStateException streamVersionMissing(
      String table, long version, Throwable cause) {
    return new IllegalStateException(
        "Cannot stream from table "
            + table
            + ": version "
            + version
            + ", which the stream has still to read, no longer exists (removed by cleanup);"
            + " start the query with a new checkpoint location",
        cause);
  }

  public static UnsupportedOperationException unboundedStreamOffset(String table) {
    return new UnsupportedOperationException(
        "The stream from table " + table + " plans its batches with read limits only");
  }

  public static UnsupportedOperationException changeFeedStreamOfCatalogTable(
      String table, String location) {
    return new UnsupportedOperationException(
        "Cannot stream the change feed of table "
            + table
            + " by name without Lancelot's session extensions: configure them, or stream it by"
            + " path, spark.readStream.format(\"lance\").option(\"readChangeFeed\","
            + " \"true\").load(\""
            + location
            + "\")");
  }
}
