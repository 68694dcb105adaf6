package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;

/** How the wrapped parser parses a statement that is not Lancelot's. */
@FunctionalInterface
interface WrappedParse {
  LogicalPlan parse() throws ParseException;
}
