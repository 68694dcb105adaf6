package io.github.lancelot.catalog.procedures;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.procedures.BoundProcedure;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * A Lance procedure as Spark 4 calls procedures: its parameters declared to the analyzer, which
 * binds arguments by name or position and fills in defaults, and its result rows as a local scan.
 */
public final class SparkProcedure implements UnboundProcedure, BoundProcedure {
  private final LanceProcedure procedure;

  public SparkProcedure(LanceProcedure procedure) {
    this.procedure = procedure;
  }

  /** The procedure Spark calls through this one. */
  public LanceProcedure procedure() {
    return procedure;
  }

  @Override
  public String name() {
    return procedure.name();
  }

  @Override
  public String description() {
    return procedure.description();
  }

  @Override
  public BoundProcedure bind(StructType inputType) {
    return this;
  }

  @Override
  public ProcedureParameter[] parameters() {
    return procedure.signature().stream()
        .map(SparkProcedure::parameter)
        .toArray(ProcedureParameter[]::new);
  }

  private static ProcedureParameter parameter(Parameter parameter) {
    ProcedureParameter.Builder builder = ProcedureParameter.in(parameter.name(), parameter.type());
    return parameter
        .defaultValue()
        .map(value -> builder.defaultValue(value).build())
        .orElseGet(builder::build);
  }

  @Override
  public boolean isDeterministic() {
    return false;
  }

  @Override
  public Iterator<Scan> call(InternalRow input) {
    InternalRow[] rows = procedure.call(input);
    StructType schema = procedure.resultSchema();
    Scan result =
        new LocalScan() {
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
}
