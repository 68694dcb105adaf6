package io.github.lancelot.catalog;

import io.github.lancelot.spark.ChangeFeedOptions;
import io.github.lancelot.spark.LanceChangeFeedTable;
import io.github.lancelot.spark.ScalaCollections;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.execution.CommandExecutionMode;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import scala.Tuple3;

/**
 * The table function {@code table_changes(table, start [, end])}: the change feed of a Lance table
 * ({@link LanceChangeFeedTable}) from version {@code start} to {@code end} (the latest when left
 * out), each given as a version number or as a time (a TIMESTAMP or a timestamp string). It is
 * planned as a read of the table with the change feed's read options, which {@code
 * ResolveChangeFeedReads} turns into a read of its changes.
 */
final class TableChangesFunction {
  static final String FUNCTION = "table_changes";
  private static final String SIGNATURE =
      "(table STRING, start (a version number or a timestamp) [, end (a version number or a"
          + " timestamp)])";

  private TableChangesFunction() {}

  /** Registers the function, without a catalog prefix, in every session the extensions build. */
  static void register(SparkSessionExtensions extensions) {
    extensions.injectTableFunction(
        new Tuple3<>(
            FunctionIdentifier.apply(FUNCTION),
            new ExpressionInfo(
                TableChangesFunction.class.getName(),
                null,
                FUNCTION,
                FUNCTION
                    + "(table, start [, end]) - the rows a Lance table inserted, deleted and"
                    + " updated from version start to version end, with their _change_type,"
                    + " _commit_version and _commit_timestamp",
                "",
                "",
                "",
                "",
                "",
                "",
                "java_udf"),
            args -> plan(SparkSession.active(), ScalaCollections.list(args))));
  }

  private static LogicalPlan plan(SparkSession spark, List<Expression> args) {
    if (args.size() < 2 || args.size() > 3) {
      throw invalidCall("it takes 2 or 3 arguments, not " + args.size());
    }
    String table = tableName(args.get(0));
    Map<String, String> options = new HashMap<>();
    options.put(ChangeFeedOptions.READ_CHANGE_FEED, "true");
    bound(args.get(1), "start", ChangeFeedOptions.STARTING_VERSION, options);
    if (args.size() == 3) {
      bound(args.get(2), "end", ChangeFeedOptions.ENDING_VERSION, options);
    }
    List<String> name;
    try {
      name =
          ScalaCollections.list(spark.sessionState().sqlParser().parseMultipartIdentifier(table));
    } catch (ParseException e) {
      IllegalArgumentException error = CatalogErrors.invalidSearchedTableName(FUNCTION, table);
      error.initCause(e);
      throw error;
    }
    LogicalPlan relation =
        new UnresolvedRelation(
            ScalaCollections.seq(name), new CaseInsensitiveStringMap(options), false);
    LogicalPlan analyzed;
    try {
      QueryExecution execution =
          spark.sessionState().executePlan(relation, CommandExecutionMode.ALL());
      execution.assertAnalyzed();
      analyzed = execution.analyzed();
    } catch (Exception e) {
      if (e instanceof AnalysisException a
          && a.errorClass().isDefined()
          && a.errorClass().get().equals("TABLE_OR_VIEW_NOT_FOUND")) {
        IllegalArgumentException error = CatalogErrors.tableNotFound(table);
        error.initCause(e);
        throw error;
      }
      throw e;
    }
    LogicalPlan read = analyzed;
    while (read instanceof SubqueryAlias alias) {
      read = alias.child();
    }
    if (!(read instanceof DataSourceV2Relation r && r.table() instanceof LanceChangeFeedTable)) {
      throw CatalogErrors.notALanceTable(FUNCTION, table);
    }
    return analyzed;
  }

  private static String tableName(Expression arg) {
    if (!(arg.dataType() instanceof StringType) || !arg.foldable() || arg.eval(null) == null) {
      throw invalidCall("argument 'table' must be a constant STRING");
    }
    return arg.eval(null).toString();
  }

  /** Adds the option a start or end argument gives: a version number, or a time. */
  private static void bound(
      Expression arg, String parameter, String versionOption, Map<String, String> options) {
    Object value = arg.foldable() ? arg.eval(null) : null;
    if (value == null) {
      throw invalidCall("argument '" + parameter + "' must be a constant version or timestamp");
    }
    DataType type = arg.dataType();
    String timestampOption =
        versionOption.equals(ChangeFeedOptions.STARTING_VERSION)
            ? ChangeFeedOptions.STARTING_TIMESTAMP
            : ChangeFeedOptions.ENDING_TIMESTAMP;
    if (type instanceof IntegerType
        || type instanceof LongType
        || type instanceof ShortType
        || type instanceof ByteType) {
      options.put(versionOption, value.toString());
    } else if (type instanceof StringType) {
      String text = value.toString().trim();
      boolean number = !text.isEmpty() && text.chars().allMatch(Character::isDigit);
      options.put(number ? versionOption : timestampOption, text);
    } else if (type instanceof TimestampType) {
      long micros = (Long) value;
      Instant instant =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      options.put(timestampOption, instant.toString());
    } else {
      throw invalidCall(
          "argument '"
              + parameter
              + "' must be a version number or a timestamp, not of type "
              + type.sql());
    }
  }

  private static IllegalArgumentException invalidCall(String problem) {
    return CatalogErrors.invalidFunctionCall(FUNCTION, problem, SIGNATURE);
  }
}
