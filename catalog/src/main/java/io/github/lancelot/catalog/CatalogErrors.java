package io.github.lancelot.catalog;

import java.util.List;

/**
 * Builds the user-facing errors of the catalog and its SQL, each naming the table, namespace or
 * column at fault.
 */
public final class CatalogErrors {
  private CatalogErrors() {}

  public static IllegalArgumentException warehouseRequired(String catalog) {
    return new IllegalArgumentException(
        "Catalog "
            + catalog
            + " needs a warehouse: set spark.sql.catalog."
            + catalog
            + ".warehouse to a folder URI");
  }

  public static IllegalArgumentException invalidName(String kind, String name) {
    return new IllegalArgumentException(
        "Invalid "
            + kind
            + " name '"
            + name
            + "': names must not be empty, contain '/', or start with '.' or '_'");
  }

  public static UnsupportedOperationException locationUnsupported(String table) {
    return new UnsupportedOperationException(
        "Table "
            + table
            + " cannot have a LOCATION in the warehouse; address a table in another folder by its path, "
            + "as lance.`/path/to/table`");
  }

  public static IllegalArgumentException renameToMissingNamespace(
      String table, String[] namespace) {
    return new IllegalArgumentException(
        "Cannot rename "
            + table
            + ": namespace "
            + String.join(".", namespace)
            + " does not exist");
  }

  public static IllegalArgumentException numberOutOfRange(String what, String value, long max) {
    return new IllegalArgumentException(
        "Invalid " + what + " " + value + ": the largest allowed is " + max);
  }

  public static IllegalArgumentException invalidIndexOption(
      String table, String index, String option, String value, String expected) {
    return new IllegalArgumentException(
        "Invalid option "
            + option
            + (value == null ? "" : " = " + value)
            + " of vector index '"
            + index
            + "' on table "
            + table
            + ": "
            + expected);
  }

  public static IllegalArgumentException tablesInDifferentCatalogs(List<String> tables) {
    return new IllegalArgumentException(
        "Cannot run one statement on tables of different catalogs: "
            + String.join(", ", tables)
            + "; a shallow clone must be in the catalog of its source");
  }

  public static IllegalArgumentException tableNotFound(String table) {
    return new IllegalArgumentException("Table " + table + " does not exist");
  }

  public static IllegalArgumentException argumentRequired(String procedure, String parameter) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " needs argument '"
            + parameter
            + "': it cannot be left out or NULL");
  }

  public static IllegalArgumentException invalidTableArgument(String procedure, String table) {
    return new IllegalArgumentException(
        "Invalid table name '"
            + table
            + "' in CALL system."
            + procedure
            + ": expected an identifier such as 'db.t' or 'db.`my table`', or a path");
  }

  public static IllegalArgumentException invalidVectorDimension(
      String table, String column, int dimension) {
    return new IllegalArgumentException(
        "Invalid vector dimension "
            + dimension
            + " for column '"
            + column
            + "' of table "
            + table
            + ": expected a positive number");
  }

  public static IllegalArgumentException invalidVectorElementType(
      String table, String column, String elementType) {
    return new IllegalArgumentException(
        "Invalid element_type '"
            + elementType
            + "' for vector column '"
            + column
            + "' of table "
            + table
            + ": expected float or double");
  }

  public static IllegalArgumentException versionOrTimestampRequired(
      String procedure, String table) {
    return new IllegalArgumentException(
        "CALL system." + procedure + " on " + table + " needs exactly one of version or timestamp");
  }

  public static IllegalArgumentException olderThanOrRetention(String procedure, String table) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " on "
            + table
            + " takes older_than or retention_hours, not both");
  }

  public static IllegalArgumentException invalidRetentionHours(
      String procedure, String table, double hours) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " on "
            + table
            + ": retention_hours must be a number of hours of 0 or more, not "
            + hours);
  }

  public static IllegalArgumentException invalidTargetRows(String table, long targetRows) {
    return new IllegalArgumentException(
        "Invalid target_rows_per_fragment "
            + targetRows
            + " for table "
            + table
            + ": expected a positive number up to "
            + Integer.MAX_VALUE);
  }

  public static IllegalArgumentException invalidTargetBytes(String table, long targetBytes) {
    return new IllegalArgumentException(
        "Invalid target_bytes_per_fragment "
            + targetBytes
            + " for table "
            + table
            + ": expected a positive number of bytes");
  }

  /**
   * The condition of an OPTIMIZE (or of compact's {@code where}) that Spark could not analyze
   * against the table, such as one naming a column the table does not have; Spark's reason names
   * it.
   */
  public static IllegalArgumentException invalidCompactCondition(
      String table, String condition, String reason) {
    return new IllegalArgumentException(
        "Invalid OPTIMIZE condition '" + condition + "' for table " + table + ": " + reason);
  }

  public static IllegalArgumentException tagNotFound(String table, String tag) {
    return new IllegalArgumentException(
        "Table "
            + table
            + " has no tag '"
            + tag
            + "'; use DROP TAG IF EXISTS (if_exists => true) to allow that");
  }

  public static IllegalArgumentException unboundParameter(String marker) {
    return new IllegalArgumentException(
        "No argument for parameter "
            + (marker.startsWith("?") ? "marker " + marker : ":" + marker)
            + ": pass one in spark.sql's arguments");
  }

  public static IllegalArgumentException procedureOfAnotherCatalog(
      String procedure, String catalog) {
    return new IllegalArgumentException(
        "Cannot CALL "
            + procedure
            + ": catalog "
            + catalog
            + " is not a Lance catalog, and this Spark version runs CALL only for the procedures"
            + " of Lance catalogs (spark.sql.catalog.<name>=io.github.lancelot.catalog.LanceCatalog)");
  }

  public static IllegalArgumentException procedureNameRequired(String function) {
    return new IllegalArgumentException(
        "Table function "
            + function
            + " needs the procedure's full name as its first argument, such as 'lance.system.restore'");
  }

  public static IllegalArgumentException unknownArgument(
      String procedure, String argument, List<String> parameters) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " has no parameter '"
            + argument
            + "'; its parameters are "
            + String.join(", ", parameters));
  }

  public static IllegalArgumentException duplicateArgument(String procedure, String argument) {
    return new IllegalArgumentException(
        "CALL system." + procedure + " gives argument '" + argument + "' more than once");
  }

  public static IllegalArgumentException positionalArgumentAfterNamed(String procedure) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " gives an argument by position after one by name: positional arguments come first");
  }

  public static IllegalArgumentException tooManyArguments(
      String procedure, int parameters, int given) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " takes at most "
            + parameters
            + " arguments, but "
            + given
            + " were given");
  }

  public static IllegalArgumentException argumentNotConstant(String procedure, String argument) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " needs a constant value for argument '"
            + argument
            + "', not one that depends on a table's rows");
  }

  public static IllegalArgumentException argumentOfWrongType(
      String procedure, String argument, String expected, String given) {
    return new IllegalArgumentException(
        "CALL system."
            + procedure
            + " needs argument '"
            + argument
            + "' of type "
            + expected
            + ", but it is of type "
            + given);
  }

  /**
   * A call of a table function whose arguments do not fit its parameters; {@code problem} names the
   * argument at fault.
   */
  public static IllegalArgumentException invalidFunctionCall(
      String function, String problem, String signature) {
    return new IllegalArgumentException(
        "Invalid call of " + function + ": " + problem + "; it takes " + signature);
  }

  public static IllegalArgumentException invalidSearchedTableName(String function, String table) {
    return new IllegalArgumentException(
        "Invalid table name '"
            + table
            + "' in "
            + function
            + ": expected a name such as 'lance.db.t', 'db.`my table`' or 'lance.`/path/to/table`'");
  }

  public static IllegalArgumentException searchedColumnNotFound(
      String table, String column, List<String> columns) {
    return new IllegalArgumentException(
        "Table "
            + table
            + " has no column '"
            + column
            + "' to search; its columns are "
            + String.join(", ", columns));
  }

  public static IllegalArgumentException notAVectorColumn(
      String table, String column, String type) {
    return new IllegalArgumentException(
        "Column '"
            + column
            + "' of table "
            + table
            + " is not a vector column: it is "
            + type
            + ", and a search needs an ARRAY<FLOAT> column with a declared dimension ("
            + "VECTOR(n) or '<column>.arrow.fixed-size-list.size')");
  }

  public static IllegalArgumentException invalidQueryVector(
      String table, String column, String reason) {
    return new IllegalArgumentException(
        "Invalid query vector for column '" + column + "' of table " + table + ": " + reason);
  }

  public static IllegalArgumentException invalidNearestCount(String table, String k) {
    return new IllegalArgumentException(
        "Invalid k "
            + k
            + " for a search of table "
            + table
            + ": expected a positive number of rows up to "
            + Integer.MAX_VALUE);
  }

  public static IllegalArgumentException unknownVectorDistance(
      String table, String distance, List<String> distances) {
    return new IllegalArgumentException(
        "Unknown distance '"
            + distance
            + "' for a search of table "
            + table
            + ": expected one of "
            + String.join(", ", distances));
  }

  /**
   * The filter of a search that does not parse or that Spark could not analyze against the table,
   * such as one naming a column the table does not have; Spark's reason names it.
   */
  public static IllegalArgumentException invalidSearchFilter(
      String table, String filter, String reason) {
    return new IllegalArgumentException(
        "Invalid filter '" + filter + "' for a search of table " + table + ": " + reason);
  }

  public static IllegalArgumentException distanceColumnTaken(String table, String column) {
    return new IllegalArgumentException(
        "Table "
            + table
            + " has a column "
            + column
            + ", the name of the distance a search adds to each row; search it with ORDER BY"
            + " <vector function> LIMIT k instead");
  }

  public static IllegalArgumentException notALanceTable(String function, String table) {
    return new IllegalArgumentException(
        "Table " + table + " in " + function + " is not a Lance table");
  }
}
