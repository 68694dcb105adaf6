package io.github.lancelot.catalog.sql;

import io.github.lancelot.catalog.CatalogErrors;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.types.StructType;

/**
 * The methods of Spark 4.1's and 4.2's parser interface that Spark 3.5's lacks. Parameterized
 * statements: {@code spark.sql(text, args)} hands the parser the statement with its arguments
 * ({@code :name} and {@code ?} markers), and the parser binds them. A statement that is not
 * Lancelot's goes to the wrapped parser with its arguments, so it binds them as Spark would without
 * Lancelot; one of Lancelot's statements is parsed with its markers replaced by the arguments'
 * literals, as Spark does for its own.
 */
abstract class LineParserMethods implements ParserInterface {
  /** The parser Lancelot's wraps: Spark's, or another extension's. */
  protected final ParserInterface delegate;

  LineParserMethods(ParserInterface delegate) {
    this.delegate = delegate;
  }

  @Override
  public StructType parseRoutineParam(String sqlText) throws ParseException {
    return delegate.parseRoutineParam(sqlText);
  }

  /**
   * A statement's plan: Lancelot's if it is one of Lancelot's statements on tables in Lancelot
   * catalogs, otherwise that of {@code wrapped}.
   */
  abstract LogicalPlan parsePlan(String sqlText, WrappedParse wrapped) throws ParseException;

  @Override
  public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext parameters)
      throws ParseException {
    ParameterMarkers markers = ParameterMarkers.bind(sqlText, parameters);
    WrappedParse wrapped = () -> delegate.parsePlanWithParameters(sqlText, parameters);
    if (markers.unbound().isEmpty()) {
      return parsePlan(markers.bound(), wrapped);
    }
    try {
      return parsePlan(markers.bound(), wrapped);
    } catch (ParseException e) {
      if (isLancelotStatementWithoutArgumentFor(markers)) {
        throw CatalogErrors.unboundParameter(markers.unbound().get(0));
      }
      throw e;
    }
  }

  /** Whether Lancelot's grammar accepts the statement once its unbound markers have a value. */
  private static boolean isLancelotStatementWithoutArgumentFor(ParameterMarkers markers) {
    String withValues = markers.bound().replaceAll(":[\\p{L}_][\\p{L}\\p{Nd}_]*|\\?", "0");
    return StatementParser.parse(withValues).tree().isPresent();
  }
}
