package io.github.lancelot.catalog;

/** Builds the user-facing errors of the catalog and its SQL, each naming the table, namespace or column at fault. */
public final class CatalogErrors {
  private CatalogErrors() {}

  public static IllegalArgumentException warehouseRequired(String catalog) {
    return new IllegalArgumentException(
        "Catalog " + catalog + " needs a warehouse: set spark.sql.catalog." + catalog + ".warehouse to a folder URI");
  }

  public static IllegalArgumentException invalidName(String kind, String name) {
    return new IllegalArgumentException(
        "Invalid " + kind + " name '" + name + "': names must not be empty, contain '/', or start with '.' or '_'");
  }

  public static UnsupportedOperationException locationUnsupported(String table) {
    return new UnsupportedOperationException(
        "Table " + table + " cannot have a LOCATION in the warehouse; address a table in another folder by its path, "
            + "as lance.`/path/to/table`");
  }

  public static IllegalArgumentException renameToMissingNamespace(String table, String[] namespace) {
    return new IllegalArgumentException(
        "Cannot rename " + table + ": namespace " + String.join(".", namespace) + " does not exist");
  }
}
