package io.github.lancelot.catalog;

import io.github.lancelot.spark.LanceChangelog;
import io.github.lancelot.spark.LanceSparkTable;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.connector.catalog.Changelog;
import org.apache.spark.sql.connector.catalog.ChangelogContext;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Spark 4.2's changelog API: {@code SELECT ... FROM t CHANGES FROM VERSION a TO VERSION b} (or
 * timestamps) reads a Lance table's change feed ({@link LanceChangelog}), with Spark's
 * deduplication modes applied by Spark on top of it.
 */
interface ChangelogCatalog extends TableCatalog {
  @Override
  default Changelog loadChangelog(
      Identifier ident, ChangelogContext context, CaseInsensitiveStringMap options)
      throws NoSuchTableException {
    Table table = loadTable(ident);
    if (!(table instanceof LanceSparkTable lance)) {
      throw new NoSuchTableException(ident);
    }
    return LanceChangelog.of(lance, context.range());
  }
}
