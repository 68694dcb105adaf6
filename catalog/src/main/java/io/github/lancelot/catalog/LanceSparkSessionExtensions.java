package io.github.lancelot.catalog;

import io.github.lancelot.catalog.sql.LanceSqlParser;
import io.github.lancelot.catalog.sql.ProcedureCallPlan;
import io.github.lancelot.spark.ResolveChangeFeedReads;
import io.github.lancelot.spark.ResolveLanceWrites;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Adds Lancelot's SQL statements to a Spark session ({@code
 * spark.sql.extensions=io.github.lancelot.catalog.LanceSparkSessionExtensions}): DESCRIBE HISTORY,
 * ALTER TABLE ADD COLUMN ... VECTOR(n), RESTORE, CREATE/DROP TAG, SHOW TAGS, OPTIMIZE, VACUUM and
 * CREATE TABLE ... SHALLOW CLONE (see the grammar LancelotSqlExtensions.g4), CALL of a Lance
 * catalog's procedures on Spark lines without CALL, the vector functions without a catalog prefix
 * ({@code vector_l2_distance(a, b)}, {@link VectorSearchExtensions}) and the table function {@code
 * vector_search} ({@link VectorSearchFunction}), change feed reads of catalog tables ({@link
 * ResolveChangeFeedReads}) and the table function {@code table_changes} ({@link
 * TableChangesFunction}), fills the columns an INSERT with a column list leaves out with their
 * defaults, and resolves writes into Lance tables so that they can add or replace columns ({@code
 * mergeSchema}, {@code overwriteSchema}) and fill the ones they leave out ({@link
 * ResolveLanceWrites}).
 */
public class LanceSparkSessionExtensions
    extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectParser((session, delegate) -> new LanceSqlParser(session, delegate));
    extensions.injectResolutionRule(session -> new FillMissingInsertColumns());
    extensions.injectResolutionRule(session -> new ResolveLanceWrites());
    ProcedureCallPlan.inject(extensions);
    VectorSearchExtensions.inject(extensions);
    VectorSearchFunction.register(extensions);
    extensions.injectResolutionRule(session -> new ResolveChangeFeedReads());
    TableChangesFunction.register(extensions);
    return BoxedUnit.UNIT;
  }
}
