package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParserInterface;

/**
 * Spark 4.0's parser interface, which has no parameterized parsing: {@code spark.sql(text, args)}
 * binds its parameters to the parsed plan, whichever parser produced it.
 */
abstract class ParameterizedParserSupport implements ParserInterface {}
