package io.github.lancelot.spark;

import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.plans.logical.AppendData;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.MergeIntoTable;
import org.apache.spark.sql.catalyst.plans.logical.OverwriteByExpression;
import org.apache.spark.sql.catalyst.plans.logical.OverwritePartitionsDynamic;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UpdateTable;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.MetadataBuilder;
import scala.Function1;
import scala.Option;
import scala.collection.immutable.Map;
import scala.runtime.AbstractPartialFunction;

/**
 * Resolves the columns of writes into existing Lance tables: DataFrame appends and overwrites
 * ({@code save(path)}, {@code writeTo}, {@code saveAsTable}, {@code insertInto}) and SQL {@code
 * INSERT}. In a session with this rule a Lance table accepts any schema ({@code
 * TableCapability.ACCEPT_ANY_SCHEMA}), so Spark's own {@code ResolveOutputRelation} leaves its
 * writes to this rule, which decides the columns the data goes into ({@link WriteColumns}: with
 * {@code mergeSchema} the table's plus the data's new ones, with {@code overwriteSchema} the
 * data's) and then lets Spark's {@code TableOutputResolver} project the data onto them, with
 * Spark's casts, CHAR/VARCHAR checks, by-name and by-position rules and messages. A by-name write
 * that leaves out columns gets their {@code DEFAULT} or NULL.
 *
 * <p>Spark aligns the assignments of UPDATE and MERGE only for tables that do not accept any
 * schema, so the target of those statements is swapped for the same table without that capability.
 * The row-level writes they turn into are left alone.
 */
public final class ResolveLanceWrites extends Rule<LogicalPlan> {
  /** Column metadata that marks the target of an UPDATE or MERGE as resolved by Spark. */
  static final String ROW_LEVEL_TARGET = "lancelot.rowLevelTarget";

  /** Whether the active session runs this rule, as Lance tables may accept any schema only then. */
  static boolean isInstalled() {
    Option<SparkSession> session = SparkSession.getActiveSession();
    return session.isDefined()
        && ScalaCollections.list(session.get().sessionState().analyzer().extendedResolutionRules())
            .stream()
            .anyMatch(ResolveLanceWrites.class::isInstance);
  }

  @Override
  public LogicalPlan apply(LogicalPlan plan) {
    return plan.resolveOperatorsDown(new EachOperator());
  }

  private static LogicalPlan resolve(LogicalPlan node) {
    if (node instanceof UpdateTable update) {
      LogicalPlan target = rowLevelTarget(update.table());
      return target == update.table() ? update : update.withNewChildren(seq(List.of(target)));
    }
    if (node instanceof MergeIntoTable merge) {
      LogicalPlan target = rowLevelTarget(merge.targetTable());
      return target == merge.targetTable()
          ? merge
          : merge.withNewChildren(seq(List.of(target, merge.sourceTable())));
    }
    if (node instanceof AppendData append) {
      return resolveWrite(append, append.writeOptions());
    }
    if (node instanceof OverwriteByExpression overwrite) {
      return resolveWrite(overwrite, overwrite.writeOptions());
    }
    if (node instanceof OverwritePartitionsDynamic overwrite) {
      return resolveWrite(overwrite, overwrite.writeOptions());
    }
    return node;
  }

  /**
   * The target of an UPDATE or MERGE, its Lance table as one Spark resolves itself. Its columns are
   * marked so that the plan differs from the one Spark analysed (which keeps an unchanged plan),
   * while caches of the table still match it: Spark compares cached plans without column metadata.
   */
  private static LogicalPlan rowLevelTarget(LogicalPlan target) {
    if (target instanceof DataSourceV2Relation relation
        && relation.table() instanceof LanceSparkTable table
        && table.acceptsAnySchema()) {
      List<AttributeReference> marked =
          ScalaCollections.list(relation.output()).stream()
              .map(
                  c ->
                      c.withMetadata(
                          new MetadataBuilder()
                              .withMetadata(c.metadata())
                              .putBoolean(ROW_LEVEL_TARGET, true)
                              .build()))
              .toList();
      return V2Relations.copy(relation, table.asRowLevelTarget(), seq(marked));
    }
    if (target instanceof SubqueryAlias alias) {
      LogicalPlan child = rowLevelTarget(alias.child());
      return child == alias.child() ? alias : alias.withNewChildren(seq(List.of(child)));
    }
    return target;
  }

  private static LogicalPlan resolveWrite(V2WriteCommand write, Map<String, String> options) {
    if (!(write.table() instanceof DataSourceV2Relation relation)
        || !(relation.table() instanceof LanceSparkTable table)
        || !table.acceptsAnySchema()
        || !relation.resolved()
        || !write.query().resolved()
        || OutputColumnResolution.awaitsSchemaEvolution(write)) {
      return (LogicalPlan) write;
    }
    List<Attribute> expected =
        WriteColumns.expected(
            table.name(),
            write,
            ScalaCollections.list(relation.output()).stream().map(Attribute.class::cast).toList(),
            SchemaChangeOnWrite.of(ScalaCollections.javaMap(options)));
    if (WriteColumns.alreadyResolved(ScalaCollections.list(write.query().output()), expected)) {
      return (LogicalPlan) write;
    }
    if (SQLConf.get().storeAssignmentPolicy().toString().equals("LEGACY")) {
      throw SparkErrors.legacyStoreAssignment(table.name());
    }
    LogicalPlan projection = OutputColumnResolution.resolve(write, relation.name(), expected);
    List<AttributeReference> cleaned =
        ScalaCollections.list(relation.output()).stream()
            .map(CharVarcharUtils::cleanAttrMetadata)
            .toList();
    return (LogicalPlan)
        write
            .withNewQuery(projection)
            .withNewTable(V2Relations.copy(relation, table, seq(cleaned)));
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return ScalaCollections.seq(list);
  }

  /** Applies {@link #resolve} to every operator of a plan, from the root down. */
  private static final class EachOperator
      extends AbstractPartialFunction<LogicalPlan, LogicalPlan> {
    @Override
    public boolean isDefinedAt(LogicalPlan node) {
      return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A1 extends LogicalPlan, B1> B1 applyOrElse(A1 node, Function1<A1, B1> otherwise) {
      return (B1) resolve(node);
    }
  }
}
