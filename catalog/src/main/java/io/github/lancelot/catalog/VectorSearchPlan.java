package io.github.lancelot.catalog;

import io.github.lancelot.spark.LanceDataSource;
import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.spark.SparkSchemas;
import io.github.lancelot.spark.VectorDimensionMismatch;
import io.github.lancelot.spark.VectorFunction;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.RelationTimeTravel;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Option;

/**
 * The plan of a {@code vector_search} call: the plan Spark makes of the equivalent query {@code
 * SELECT *, <function>(column, query) AS _distance FROM table [VERSION AS OF v] [WHERE filter]
 * ORDER BY _distance [DESC] LIMIT k}, so that the scan runs it as a nearest-neighbour search,
 * through a vector index where the version has one. The table is read with {@link
 * LanceDataSource#USE_VECTOR_INDEX} off when the call asks for an exact search. The table, column,
 * query and filter are checked first, each failure an error naming what is at fault.
 */
final class VectorSearchPlan {
  static final String DISTANCE = "_distance";
  private static final String SOURCE = "__vector_search_source";
  private static final String MEASURE = "__vector_search_measure";

  private final SparkSession spark;
  private final VectorSearchArguments args;

  VectorSearchPlan(SparkSession spark, VectorSearchArguments args) {
    this.spark = spark;
    this.args = args;
  }

  /** The analyzed plan of the search. */
  LogicalPlan analyzed() {
    LogicalPlan source = table();
    Attribute column = vectorColumn(source);
    if (args.filter().isPresent()) {
      source = filtered(source, args.filter().get());
    }
    return analyze(search(source, column));
  }

  private LogicalPlan table() {
    List<String> name;
    try {
      name =
          ScalaCollections.list(
              spark.sessionState().sqlParser().parseMultipartIdentifier(args.table()));
    } catch (ParseException e) {
      throw withCause(
          CatalogErrors.invalidSearchedTableName(VectorSearchArguments.FUNCTION, args.table()), e);
    }
    CaseInsensitiveStringMap options =
        new CaseInsensitiveStringMap(
            args.useIndex() ? Map.of() : Map.of(LanceDataSource.USE_VECTOR_INDEX, "false"));
    LogicalPlan relation = new UnresolvedRelation(ScalaCollections.seq(name), options, false);
    if (args.version().isPresent() || args.timestamp().isPresent()) {
      relation =
          new RelationTimeTravel(
              relation,
              Option.apply(args.timestamp().orElse(null)),
              Option.apply(args.version().orElse(null)));
    }
    try {
      return analyze(relation);
    } catch (Exception e) {
      if (e instanceof AnalysisException a
          && a.errorClass().isDefined()
          && a.errorClass().get().equals("TABLE_OR_VIEW_NOT_FOUND")) {
        throw withCause(CatalogErrors.tableNotFound(args.table()), e);
      }
      throw e;
    }
  }

  /** The searched column: a vector column of the dimension of the query. */
  private Attribute vectorColumn(LogicalPlan source) {
    List<Attribute> columns = ScalaCollections.list(source.output());
    boolean caseSensitive = SQLConf.get().caseSensitiveAnalysis();
    Attribute column =
        columns.stream()
            .filter(
                c ->
                    caseSensitive
                        ? c.name().equals(args.column())
                        : c.name().equalsIgnoreCase(args.column()))
            .findFirst()
            .orElseThrow(
                () ->
                    CatalogErrors.searchedColumnNotFound(
                        args.table(),
                        args.column(),
                        columns.stream().map(Attribute::name).toList()));
    for (Attribute c : columns) {
      if (c.name().equalsIgnoreCase(DISTANCE)) {
        throw CatalogErrors.distanceColumnTaken(args.table(), c.name());
      }
    }
    boolean floats =
        column.dataType() instanceof ArrayType array && array.elementType() instanceof FloatType;
    if (!floats || !column.metadata().contains(SparkSchemas.VECTOR_DIMENSION_KEY)) {
      throw CatalogErrors.notAVectorColumn(
          args.table(),
          column.name(),
          column.dataType().sql() + (floats ? " without a declared dimension" : ""));
    }
    int dimension = (int) column.metadata().getLong(SparkSchemas.VECTOR_DIMENSION_KEY);
    int given = args.queryDimension();
    if (given != dimension) {
      RuntimeException mismatch =
          VectorDimensionMismatch.error(args.distance().measure().functionName(), dimension, given);
      throw withCause(
          CatalogErrors.invalidQueryVector(args.table(), column.name(), mismatch.getMessage()),
          mismatch);
    }
    return column;
  }

  private LogicalPlan filtered(LogicalPlan source, String filter) {
    try {
      Expression condition = spark.sessionState().sqlParser().parseExpression(filter);
      return analyze(new Filter(condition, source));
    } catch (AnalysisException e) {
      throw withCause(
          CatalogErrors.invalidSearchFilter(args.table(), filter, e.getSimpleMessage()), e);
    }
  }

  /**
   * The query over {@code source}, parsed from SQL with stand-ins for the source and the measure,
   * which are then put in: the measure is the call Spark makes of Lancelot's vector function.
   */
  private LogicalPlan search(LogicalPlan source, Attribute column) {
    String sql =
        "SELECT *, "
            + MEASURE
            + " AS "
            + DISTANCE
            + " FROM "
            + SOURCE
            + " ORDER BY "
            + DISTANCE
            + (args.distance().descending() ? " DESC" : " ASC")
            + " LIMIT "
            + args.k();
    LogicalPlan parsed;
    try {
      parsed = spark.sessionState().sqlParser().parsePlan(sql);
    } catch (ParseException e) {
      throw new IllegalStateException("Cannot parse the plan of a vector search: " + sql, e);
    }
    VectorFunction function =
        VectorFunction.named(args.distance().measure().functionName()).orElseThrow();
    Expression measure = SessionVectorFunctions.call(function, List.of(column, args.query()));
    return withStandIns(parsed, source, measure);
  }

  private static LogicalPlan withStandIns(
      LogicalPlan plan, LogicalPlan source, Expression measure) {
    if (plan instanceof UnresolvedRelation r
        && ScalaCollections.list(r.multipartIdentifier()).equals(List.of(SOURCE))) {
      return source;
    }
    return plan.mapExpressions(e -> withMeasure(e, measure))
        .mapChildren(child -> withStandIns(child, source, measure));
  }

  private static Expression withMeasure(Expression e, Expression measure) {
    if (e instanceof UnresolvedAttribute a
        && ScalaCollections.list(a.nameParts()).equals(List.of(MEASURE))) {
      return measure;
    }
    return e.mapChildren(child -> withMeasure(child, measure));
  }

  /** The plan analyzed as Spark analyzes a query; an error is Spark's. */
  private LogicalPlan analyze(LogicalPlan plan) {
    QueryExecution execution = spark.sessionState().executePlan(plan, CommandExecutionMode.ALL());
    execution.assertAnalyzed();
    return execution.analyzed();
  }

  private static IllegalArgumentException withCause(IllegalArgumentException e, Throwable cause) {
    e.initCause(cause);
    return e;
  }
}
