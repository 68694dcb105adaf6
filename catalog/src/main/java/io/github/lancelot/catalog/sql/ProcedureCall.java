package io.github.lancelot.catalog.sql;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * A call of a catalog procedure: {@code CALL cat.system.<procedure>(...)} as written, or what a
 * Lancelot statement runs, such as RESTORE running {@code restore(table => .., version => ..)}.
 * Arguments are given by position, then by name; those left out take the procedure's defaults.
 *
 * @param procedure the procedure's name: its catalog, then its namespace ({@code system}) and name
 * @param tables the tables the statement names (for CALL, the procedure), each in a Lancelot
 *     catalog if the statement is Lancelot's
 */
record ProcedureCall(TableName procedure, List<Argument> arguments, List<TableName> tables)
    implements LancelotStatement {
  /** The namespace of Lancelot's procedures in a catalog. */
  static final String NAMESPACE = "system";

  ProcedureCall {
    arguments = List.copyOf(arguments);
    tables = List.copyOf(tables);
  }

  /** A call of procedure {@code system.<name>} of a catalog, which a statement on tables runs. */
  static ProcedureCall ofSystem(
      String catalog, String name, List<Argument> arguments, List<TableName> tables) {
    return new ProcedureCall(new TableName(catalog, List.of(NAMESPACE, name)), arguments, tables);
  }

  /** One argument: its value, and the parameter's name unless given by position. */
  record Argument(Optional<String> name, Expression value) {
    Argument(String name, Expression value) {
      this(Optional.of(name), value);
    }

    static Argument positional(Expression value) {
      return new Argument(Optional.empty(), value);
    }
  }
}
