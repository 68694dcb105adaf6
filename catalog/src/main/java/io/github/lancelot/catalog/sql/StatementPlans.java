package io.github.lancelot.catalog.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.util.QuotingUtils;

/**
 * Turns Lancelot statements into Spark logical plans: a metadata table query is planned by Spark's
 * parser from the equivalent SQL, {@code SELECT * FROM cat.ns.t.<metadata table> [ORDER BY c]
 * [LIMIT n]}; a procedure call is planned as the line's Spark calls procedures ({@link
 * ProcedureCallPlan}).
 */
final class StatementPlans {
  private StatementPlans() {}

  static LogicalPlan plan(LancelotStatement statement, ParserInterface spark)
      throws ParseException {
    if (statement instanceof ProcedureCall call) {
      return ProcedureCallPlan.of(call);
    }
    return spark.parsePlan(sql((MetadataTableQuery) statement));
  }

  private static String sql(MetadataTableQuery query) {
    List<String> name = new ArrayList<>(query.table().withCatalog());
    name.add(query.metadataTable());
    StringBuilder sql =
        new StringBuilder("SELECT * FROM ")
            .append(QuotingUtils.quoted(name.toArray(new String[0])));
    query
        .orderBy()
        .ifPresent(column -> sql.append(" ORDER BY ").append(QuotingUtils.quoteIdentifier(column)));
    query.limit().ifPresent(limit -> sql.append(" LIMIT ").append(limit));
    return sql.toString();
  }
}
