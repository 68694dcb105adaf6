package io.github.lancelot.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.analysis.TableOutputResolver;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.internal.SQLConf;
import scala.Enumeration;

/**
 * Spark's own resolution of a write's data into a table's columns ({@code TableOutputResolver}), as
 * Spark 4.2 calls it for every v2 write: left-out columns get their {@code DEFAULT} or NULL, nested
 * ones too when the write evolves the schema and {@code spark.sql.coerceInsertNestedTypes} is on.
 */
final class OutputColumnResolution {
  private OutputColumnResolution() {}

  /** The projection of the write's query onto {@code expected}, with Spark's casts and checks. */
  static LogicalPlan resolve(V2WriteCommand write, String table, List<Attribute> expected) {
    SQLConf conf = SQLConf.get();
    Enumeration.Value fill =
        conf.coerceInsertNestedTypes() && write.schemaEvolutionEnabled()
            ? TableOutputResolver.DefaultValueFillMode$.MODULE$.RECURSE()
            : TableOutputResolver.DefaultValueFillMode$.MODULE$.FILL();
    return TableOutputResolver.resolveOutputColumns(
        table, ScalaCollections.seq(expected), write.query(), write.isByName(), conf, fill);
  }

  /**
   * Whether Spark has yet to add the query's new columns to the table ({@code INSERT WITH SCHEMA
   * EVOLUTION}, {@code DataFrameWriter.withSchemaEvolution()}); the write is resolved after that.
   */
  static boolean awaitsSchemaEvolution(V2WriteCommand write) {
    return !write.pendingSchemaChanges().isEmpty();
  }
}
