package io.github.lancelot.catalog;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.Table;
import io.github.lancelot.spark.ScalaCollections;
import io.github.lancelot.testing.AcrossLines;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.junit.jupiter.api.Test;

/**
 * Spark 4's DataFrame merge API ({@code Dataset.mergeInto}), which Spark 3.5 lacks, runs as MERGE
 * INTO does: matched rows updated, the others inserted, in one version.
 */
@AcrossLines
class TestDataFrameMergeApi extends CatalogTestBase {
  @Test
  void theDataFrameMergeApiWorksFromJava() {
    sql("CREATE TABLE %s (id BIGINT, name STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t("q"));
    spark
        .range(2, 5)
        .selectExpr("id", "concat('m', id) AS name")
        .as("s")
        .mergeInto(t("q"), expr("s.id = q.id"))
        .whenMatched()
        .update(scalaMap(Map.of("name", col("s.name"))))
        .whenNotMatched()
        .insert(scalaMap(Map.of("id", col("s.id"), "name", col("s.name"))))
        .merge();
    assertThat(rows("SELECT id, name FROM %s ORDER BY id", t("q")))
        .extracting(r -> r.getLong(0) + "=" + r.getString(1))
        .containsExactly("1=a", "2=m2", "3=m3", "4=m4");
    Table lance =
        Table.forPath(
            warehouse.resolve("db").resolve("q").toString(), spark.sessionState().newHadoopConf());
    assertThat(lance.latestSnapshot().commitInfo().operation()).isEqualTo("MERGE");
  }

  /** The Scala map the DataFrame merge API takes. */
  private static scala.collection.immutable.Map<String, Column> scalaMap(Map<String, Column> map) {
    return ScalaCollections.map(map);
  }
}
