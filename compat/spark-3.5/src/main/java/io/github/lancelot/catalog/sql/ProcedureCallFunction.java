package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.catalog.LanceCatalog;
import io.github.lancelot.catalog.procedures.LanceProcedure;
import io.github.lancelot.catalog.procedures.Parameter;
import io.github.lancelot.spark.ScalaCollections;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.types.DataTypeUtils;
import org.apache.spark.sql.connector.catalog.CatalogPlugin;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.internal.SQLConf;
import scala.Option;

/**
 * The table function that runs a procedure call on Spark 3.5, as Spark 4 runs one: its first
 * argument names the procedure ({@code 'cat.system.restore'}), the others are the call's, by
 * position, then by name ({@code name => value}). It binds them to the procedure's parameters,
 * fills in the defaults of those left out, casts each to its parameter's type, runs the procedure
 * and returns its result rows.
 */
final class ProcedureCallFunction {
  /** The function's name in the session's table functions. */
  static final String NAME = "lancelot_call";

  private ProcedureCallFunction() {}

  static LogicalPlan plan(List<Expression> args) {
    if (args.isEmpty() || !args.get(0).foldable()) {
      throw CatalogErrors.procedureNameRequired(NAME);
    }
    SparkSession spark = SparkSession.active();
    String name = String.valueOf(args.get(0).eval(null));
    LanceProcedure procedure = procedure(spark, name);
    InternalRow[] rows = procedure.call(bind(spark, procedure, args.subList(1, args.size())));
    List<Attribute> output =
        new ArrayList<>(
            ScalaCollections.list(DataTypeUtils.toAttributes(procedure.resultSchema())));
    return new LocalRelation(
        ScalaCollections.seq(output), ScalaCollections.seq(Arrays.asList(rows)), false);
  }

  private static LanceProcedure procedure(SparkSession spark, String name) {
    List<String> parts;
    try {
      parts =
          ScalaCollections.list(spark.sessionState().sqlParser().parseMultipartIdentifier(name));
    } catch (ParseException e) {
      IllegalArgumentException error = CatalogErrors.procedureNameRequired(NAME);
      error.initCause(e);
      throw error;
    }
    if (parts.size() < 2) {
      throw CatalogErrors.procedureNameRequired(NAME);
    }
    String catalog = parts.get(0);
    CatalogPlugin plugin = spark.sessionState().catalogManager().catalog(catalog);
    if (!(plugin instanceof LanceCatalog lance)) {
      throw CatalogErrors.procedureOfAnotherCatalog(name, catalog);
    }
    return lance.procedure(
        Identifier.of(
            parts.subList(1, parts.size() - 1).toArray(new String[0]),
            parts.get(parts.size() - 1)));
  }

  /** The call's arguments as the procedure takes them: one value per parameter, in order. */
  private static InternalRow bind(
      SparkSession spark, LanceProcedure procedure, List<Expression> args) {
    List<Parameter> parameters = procedure.signature();
    Expression[] given = new Expression[parameters.size()];
    int position = 0;
    boolean named = false;
    for (Expression arg : args) {
      if (arg instanceof NamedArgumentExpression n) {
        named = true;
        int index = indexOf(parameters, n.key());
        if (index < 0) {
          throw CatalogErrors.unknownArgument(
              procedure.name(), n.key(), parameters.stream().map(Parameter::name).toList());
        }
        if (given[index] != null) {
          throw CatalogErrors.duplicateArgument(procedure.name(), n.key());
        }
        given[index] = n.value();
      } else if (named) {
        throw CatalogErrors.positionalArgumentAfterNamed(procedure.name());
      } else if (position == parameters.size()) {
        throw CatalogErrors.tooManyArguments(procedure.name(), parameters.size(), args.size());
      } else {
        given[position++] = arg;
      }
    }
    Object[] values = new Object[parameters.size()];
    for (int i = 0; i < values.length; i++) {
      Parameter parameter = parameters.get(i);
      Expression value = given[i] != null ? given[i] : defaultValue(spark, procedure, parameter);
      values[i] = evaluate(procedure, parameter, value);
    }
    return new GenericInternalRow(values);
  }

  private static int indexOf(List<Parameter> parameters, String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static Expression defaultValue(
      SparkSession spark, LanceProcedure procedure, Parameter parameter) {
    String sql =
        parameter
            .defaultValue()
            .orElseThrow(() -> CatalogErrors.argumentRequired(procedure.name(), parameter.name()));
    try {
      return spark.sessionState().sqlParser().parseExpression(sql);
    } catch (ParseException e) {
      throw new IllegalStateException(
          "Invalid default of " + parameter + " in procedure " + procedure.name(), e);
    }
  }

  /** A constant argument's value as its parameter's type, cast as Spark would cast it. */
  private static Object evaluate(LanceProcedure procedure, Parameter parameter, Expression value) {
    if (!value.foldable()) {
      throw CatalogErrors.argumentNotConstant(procedure.name(), parameter.name());
    }
    if (value.dataType().sameType(parameter.type())) {
      return value.eval(null);
    }
    if (!Cast.canCast(value.dataType(), parameter.type())) {
      throw CatalogErrors.argumentOfWrongType(
          procedure.name(), parameter.name(), parameter.type().sql(), value.dataType().sql());
    }
    String zone = SQLConf.get().sessionLocalTimeZone();
    return new Cast(value, parameter.type(), Option.apply(zone)).eval(null);
  }
}
