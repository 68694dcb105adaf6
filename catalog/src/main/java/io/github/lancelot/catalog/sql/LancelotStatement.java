package io.github.lancelot.catalog.sql;

import java.util.List;

/**
 * A parsed Lancelot statement, independent of the Spark version that runs it: a call of a catalog
 * procedure or a query of a metadata table. {@link StatementPlans} turns it into a Spark logical
 * plan.
 */
sealed interface LancelotStatement permits ProcedureCall, MetadataTableQuery {
  /**
   * The tables the statement names; the statement is Lancelot's only if they all lie in Lancelot
   * catalogs.
   */
  List<TableName> tables();
}
