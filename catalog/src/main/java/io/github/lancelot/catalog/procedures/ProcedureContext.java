package io.github.lancelot.catalog.procedures;

import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.TableCatalog;

/** What procedures need from the catalog that runs them. */
public interface ProcedureContext {
  TableCatalog catalog();

  String[] defaultNamespace();

  /** The table's name as users write it, for messages and results. */
  String displayName(Identifier ident);

  /** Where a new table with this identifier goes; fails if it exists or its namespace does not. */
  String newTableLocation(Identifier ident);

  /** The Lance table behind an identifier. */
  io.github.lancelot.format.Table lanceTable(Identifier ident) throws NoSuchTableException;
}
