package io.github.lancelot.catalog;

import io.github.lancelot.catalog.sql.LanceSqlParser;
import org.apache.spark.sql.SparkSessionExtensions;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Adds Lancelot's SQL statements to a Spark session:
 * {@code spark.sql.extensions=io.github.lancelot.catalog.LanceSparkSessionExtensions}. They are
 * {@code DESCRIBE HISTORY t [LIMIT n]} and {@code ALTER TABLE t ADD COLUMN v VECTOR(dim) [OF FLOAT|DOUBLE]
 * [COMMENT '...']}.
 */
public class LanceSparkSessionExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectParser((session, delegate) -> new LanceSqlParser(session, delegate));
    extensions.injectResolutionRule(session -> new FillMissingInsertColumns());
    return BoxedUnit.UNIT;
  }
}
