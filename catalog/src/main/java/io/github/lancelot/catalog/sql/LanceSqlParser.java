package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.spark.ScalaCollections;
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
 * accepts a statement, the error reported is that of the parser that got further into it. {@code
 * CALL} of a Lancelot catalog's procedure is planned as the line's Spark calls procedures, so it
 * works on Spark 3.5 too, which has no CALL of its own. Parameterized statements (Spark 4.1 and
 * later) follow the same rules with their arguments bound.
 */
public final class LanceSqlParser extends LineParserMethods {
  private final SparkSession spark;
  private final SessionTables tables;

  public LanceSqlParser(SparkSession spark, ParserInterface delegate) {
    super(delegate);
    this.spark = spark;
    this.tables = new SessionTables(spark);
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
      LancelotStatement statement;
      try {
        statement = new StatementBuilder(spark, tables, delegate).build(parsed.tree().get());
      } catch (StatementBuilder.InvalidArgument e) {
        throw e.error();
      }
      if (statement.tables().stream().allMatch(tables::inLancelotCatalog)) {
        requireOneCatalog(statement.tables());
        return StatementPlans.plan(statement, delegate);
      }
      if (parsed.tree().get().statement() instanceof LancelotSqlExtensionsParser.CallContext
          && statement instanceof ProcedureCall call) {
        return callOfAnotherCatalog(sqlText, call);
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

  /**
   * A CALL of a procedure outside Lancelot's catalogs goes to the wrapped parser; where that parser
   * has no CALL (Spark 3.5 without another extension that adds it), the error says why.
   */
  private LogicalPlan callOfAnotherCatalog(String sqlText, ProcedureCall call)
      throws ParseException {
    try {
      return delegate.parsePlan(sqlText);
    } catch (ParseException e) {
      IllegalArgumentException error =
          CatalogErrors.procedureOfAnotherCatalog(
              call.procedure().quoted(), call.procedure().catalog());
      error.initCause(e);
      throw error;
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

  /** The wrapped parser's answer, as the immutable sequence every Scala version's Spark takes. */
  @Override
  public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException {
    return ScalaCollections.immutableSeq(delegate.parseMultipartIdentifier(sqlText));
  }

  @Override
  public LogicalPlan parseQuery(String sqlText) throws ParseException {
    return delegate.parseQuery(sqlText);
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
