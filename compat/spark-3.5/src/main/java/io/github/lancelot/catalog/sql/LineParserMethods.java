package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParserInterface;

/**
 * The methods of the line's parser interface that only some Spark lines declare: none beyond those
 * every line has, on Spark 3.5.
 */
abstract class LineParserMethods implements ParserInterface {
  /** The parser Lancelot's wraps: Spark's, or another extension's. */
  protected final ParserInterface delegate;

  LineParserMethods(ParserInterface delegate) {
    this.delegate = delegate;
  }
}
