package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.types.StructType;

/**
 * The methods of Spark 4.0's parser interface that Spark 3.5's lacks, passed to the wrapped parser.
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
}
