package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.spark.ScalaCollections;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.StructType;

/**
 * A stored procedure of the Lance catalog ({@code CALL lance.system.<name>(...)}): declares its
 * parameters once, reads its arguments by parameter, runs on the driver and returns a few rows.
 * Arguments may be given by name or by position. It is independent of how a Spark line calls
 * procedures: Spark 4 through its procedure catalog API, Spark 3.5 through Lancelot's SQL
 * extension.
 */
public abstract class LanceProcedure {
  protected final ProcedureContext context;
  private final String name;
  private final String description;
  private final List<Parameter> signature;

  protected LanceProcedure(
      ProcedureContext context, String name, String description, Parameter... signature) {
    this.context = context;
    this.name = name;
    this.description = description;
    this.signature = List.of(signature);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /** The procedure's parameters, in the order positional arguments take. */
  public final List<Parameter> signature() {
    return signature;
  }

  /** The schema of the procedure's result rows. */
  public abstract StructType resultSchema();

  /** Runs the procedure with the arguments of one call. */
  abstract InternalRow[] run(Arguments args);

  /**
   * Runs one call. {@code arguments} holds a value for every parameter, in the order of {@link
   * #signature()}, with the defaults of those the call left out; the result rows follow {@link
   * #resultSchema()}.
   */
  public final InternalRow[] call(InternalRow arguments) {
    return run(new Arguments(name, signature, arguments));
  }

  /** The Lance table a table argument names; a clear error if there is none. */
  protected io.github.lancelot.format.Table lanceTable(Identifier ident) {
    try {
      return context.lanceTable(ident);
    } catch (NoSuchTableException e) {
      throw withCause(CatalogErrors.tableNotFound(context.displayName(ident)), e);
    }
  }

  /** A table argument: an identifier within this catalog ("db.t", "db.`my table`", or a path). */
  protected Identifier tableArgument(String table) {
    if (table.contains("/") && !table.contains("`")) {
      return Identifier.of(new String[0], table);
    }
    List<String> parts;
    try {
      parts =
          ScalaCollections.list(
              SparkSession.active().sessionState().sqlParser().parseMultipartIdentifier(table));
    } catch (ParseException e) {
      throw withCause(CatalogErrors.invalidTableArgument(name, table), e);
    }
    if (parts.size() == 1) {
      String only = parts.get(0);
      return only.contains("/")
          ? Identifier.of(new String[0], only)
          : Identifier.of(context.defaultNamespace(), only);
    }
    return Identifier.of(
        parts.subList(0, parts.size() - 1).toArray(new String[0]), parts.get(parts.size() - 1));
  }

  /**
   * Refreshes what Spark has cached of a table this procedure changed, so cached queries of it see
   * the new version.
   */
  protected void refreshCachedTable(Identifier ident) {
    List<String> parts = new ArrayList<>();
    parts.add(context.catalog().name());
    parts.addAll(List.of(ident.namespace()));
    parts.add(ident.name());
    SparkSession.active().catalog().refreshTable(QuotingUtils.quoted(parts.toArray(new String[0])));
  }

  static IllegalArgumentException withCause(IllegalArgumentException error, Exception cause) {
    error.initCause(cause);
    return error;
  }
}
