package io.github.lancelot.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.analysis.TableOutputResolver;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.internal.SQLConf;

/**
 * Spark's own resolution of a write's data into a table's columns ({@code TableOutputResolver}), as
 * Spark 3.5 to 4.1 call it. These lines fill the columns a by-name write leaves out only for v1
 * tables; here a by-name write into a Lance table gets them filled too (with their {@code DEFAULT},
 * or NULL), while a by-position write keeps Spark's exact arity rules.
 */
final class OutputColumnResolution {
  private OutputColumnResolution() {}

  /** The projection of the write's query onto {@code expected}, with Spark's casts and checks. */
  static LogicalPlan resolve(V2WriteCommand write, String table, List<Attribute> expected) {
    return TableOutputResolver.resolveOutputColumns(
        table,
        ScalaCollections.seq(expected),
        write.query(),
        write.isByName(),
        SQLConf.get(),
        write.isByName());
  }

  /** Whether Spark has yet to add columns to the table for this write: never before Spark 4.2. */
  static boolean awaitsSchemaEvolution(V2WriteCommand write) {
    return false;
  }
}
