package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.CatalogErrors;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/**
 * Spark's SQL parser plus Lancelot's statements (grammar {@code LancelotSqlExtensions.g4}), which
 * it turns into logical plans directly. A statement is Lancelot's when the grammar parses it and
 * every table it names lies in a Lancelot catalog; everything else, including Delta Lake's RESTORE
 * or VACUUM on its own tables, goes unchanged to the parser this one wraps. When neither parser
 * accepts a statement, the error reported is that of the parser that got further into it.
 * Parameterized statements (Spark 4.1 and later) follow the same rules with their arguments bound.
 */
public final class LanceSqlParser extends ParameterizedParserSupport {
  private final SparkSession spark;
  private final ParserInterface delegate;
  private final SessionTables tables;

  public LanceSqlParser(SparkSession spark, ParserInterface delegate) {
    this.spark = spark;
    this.delegate = delegate;
    this.tables = new SessionTables(spark);
  }

  ParserInterface delegate() {
    return delegate;
  }

  @Override
  public LogicalPlan parsePlan(String sqlText) throws ParseException {
    return parsePlan(sqlText, () -> delegate.parsePlan(sqlText));
  }

  /**
   * A statement's plan: Lancelot's if it is one of Lancelot's statements on tables in Lancelot
   * catalogs, otherwise that of {@code wrapped}.
   */
  LogicalPlan parsePlan(String sqlText, WrappedParse wrapped) throws ParseException {
    StatementParser.Result parsed = StatementParser.parse(sqlText);
    if (parsed.tree().isPresent()) {
      LancelotStatement statement = new StatementBuilder(spark, tables).build(parsed.tree().get());
      if (statement.tables().stream().allMatch(tables::inLancelotCatalog)) {
        requireOneCatalog(statement.tables());
        return StatementPlans.plan(statement);
      }
      return wrapped.parse();
    }
    SyntaxError ours = parsed.error().orElseThrow();
    try {
      return wrapped.parse();
    } catch (ParseException theirs) {
      throw ours.isFurtherThan(theirs) ? ours.toParseException(sqlText) : theirs;
    }
  }

  private static void requireOneCatalog(List<TableName> named) {
    if (named.stream().map(TableName::catalog).distinct().count() > 1) {
      throw CatalogErrors.tablesInDifferentCatalogs(named.stream().map(TableName::quoted).toList());
    }
  }

  @Override
  public Expression parseExpression(String sqlText) throws ParseException {
    return delegate.parseExpression(sqlText);
  }

  @Override
  public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException {
    return delegate.parseTableIdentifier(sqlText);
  }

  @Override
  public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException {
    return delegate.parseFunctionIdentifier(sqlText);
  }

  @Override
  public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
    return delegate.parseMultipartIdentifier(sqlText);
  }

  @Override
  public LogicalPlan parseQuery(String sqlText) throws ParseException {
    return delegate.parseQuery(sqlText);
  }

  /** Spark 4 and later; on Spark 3.5 nothing calls it. */
  public StructType parseRoutineParam(String sqlText) throws ParseException {
    return delegate.parseRoutineParam(sqlText);
  }

  @Override
  public StructType parseTableSchema(String sqlText) throws ParseException {
    return delegate.parseTableSchema(sqlText);
  }

  @Override
  public DataType parseDataType(String sqlText) throws ParseException {
    return delegate.parseDataType(sqlText);
  }
}
