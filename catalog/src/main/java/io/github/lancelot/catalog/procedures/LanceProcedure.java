package io.github.lancelot.catalog.procedures;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.procedures.BoundProcedure;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A stored procedure of the Lance catalog ({@code CALL lance.system.<name>(...)}): runs on the driver and returns
 * a small result as a local scan, which is what Spark 4.0 accepts from procedures.
 */
public abstract class LanceProcedure implements UnboundProcedure, BoundProcedure {
  protected final ProcedureContext context;
  private final String name;
  private final String description;

  protected LanceProcedure(ProcedureContext context, String name, String description) {
    this.context = context;
    this.name = name;
    this.description = description;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public BoundProcedure bind(StructType inputType) {
    return this;
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  /** The schema of the procedure's result rows. */
  protected abstract StructType resultSchema();

  /** Runs the procedure with its arguments, in the order of {@link #parameters()}. */
  protected abstract InternalRow[] run(InternalRow args);

  @Override
  public Iterator<Scan> call(InternalRow input) {
    InternalRow[] rows = run(input);
    StructType schema = resultSchema();
    Scan result = new LocalScan() {
      @Override
      public InternalRow[] rows() {
        return rows;
      }

      @Override
      public StructType readSchema() {
        return schema;
      }
    };
    return List.of(result).iterator();
  }

  /** The Lance table a table argument names; a clear error if there is none. */
  protected io.github.lancelot.format.Table lanceTable(Identifier ident) {
    try {
      return context.lanceTable(ident);
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalArgumentException("Table " + context.displayName(ident) + " does not exist", e);
    }
  }

  /** A table argument: an identifier within this catalog ("db.t", or a path). */
  protected Identifier tableArgument(String table) {
    if (table.contains("/") && !table.contains("`")) {
      return Identifier.of(new String[0], table);
    }
    List<String> parts;
    try {
      parts = CollectionConverters.asJava(SparkSession.active().sessionState().sqlParser().parseMultipartIdentifier(table));
    } catch (org.apache.spark.sql.catalyst.parser.ParseException e) {
      throw new IllegalArgumentException("Invalid table name '" + table + "' in CALL " + name(), e);
    }
    if (parts.size() == 1) {
      String only = parts.get(0);
      return only.contains("/") ? Identifier.of(new String[0], only) : Identifier.of(context.defaultNamespace(), only);
    }
    return Identifier.of(parts.subList(0, parts.size() - 1).toArray(new String[0]), parts.get(parts.size() - 1));
  }
}
