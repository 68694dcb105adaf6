package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.LanceCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.CatalogManager;

/**
 * Resolves the table names of statements as Spark does: a first part that names a registered
 * catalog is the catalog; otherwise the name is in the current catalog, and a single part is in the
 * current namespace.
 */
final class SessionTables {
  private final SparkSession spark;

  SessionTables(SparkSession spark) {
    this.spark = spark;
  }

  TableName resolve(List<String> nameParts) {
    CatalogManager catalogs = spark.sessionState().catalogManager();
    if (nameParts.size() > 1 && catalogs.isCatalogRegistered(nameParts.get(0))) {
      return new TableName(nameParts.get(0), nameParts.subList(1, nameParts.size()));
    }
    List<String> parts = new ArrayList<>();
    if (nameParts.size() == 1) {
      parts.addAll(List.of(catalogs.currentNamespace()));
    }
    parts.addAll(nameParts);
    return new TableName(catalogs.currentCatalog().name(), parts);
  }

  /** Whether the table lies in a Lancelot catalog, where Lancelot's statements apply. */
  boolean inLancelotCatalog(TableName table) {
    return spark.sessionState().catalogManager().catalog(table.catalog()) instanceof LanceCatalog;
  }
}
