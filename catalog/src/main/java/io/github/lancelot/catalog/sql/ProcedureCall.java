package io.github.lancelot.catalog.sql;

import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * A statement that runs procedure {@code system.<procedure>} of a catalog with named arguments,
 * such as RESTORE running {@code restore(table => .., version => ..)}. Arguments left out take the
 * procedure's defaults.
 */
record ProcedureCall(
    String catalog, String procedure, List<Argument> arguments, List<TableName> tables)
    implements LancelotStatement {
  /** The namespace of Lancelot's procedures in a catalog. */
  static final String NAMESPACE = "system";

  ProcedureCall {
    arguments = List.copyOf(arguments);
    tables = List.copyOf(tables);
  }

  /** One argument: the parameter's name and its value. */
  record Argument(String name, Expression value) {}
}
