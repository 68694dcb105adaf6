package io.github.lancelot.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.Table;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough's contract: versions 1 to 9 made by the nine statements, with these row counts
 * and schemas, every version reading back as it was, and each model finding the pickle quote
 * closest to "pickle".
 */
class TestQuotesWalkthrough {
  @TempDir static Path warehouse;
  static SparkSession spark;
  static Map<Long, List<String>> versions;
  static QuotesWalkthrough walkthrough;

  @BeforeAll
  static void runTheWalkthrough() throws Exception {
    spark = QuotesWalkthrough.session(warehouse.toString(), "local[2]");
    walkthrough = new QuotesWalkthrough(spark);
    versions = walkthrough.run();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void eachStatementIsOneVersionInTheOrderOfTheStory() {
    assertThat(versions.keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(
            spark
                .sql("SELECT operation FROM lance.demo.quotes.history ORDER BY version")
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactly(
            "CREATE TABLE",
            "UPDATE",
            "APPEND",
            "ADD COLUMNS",
            "MERGE",
            "RESTORE",
            "ADD COLUMNS",
            "MERGE",
            "DELETE");
  }

  @Test
  void rowCountsAndSchemasOfEveryVersion() {
    long[] rows = {3, 3, 5, 5, 5, 5, 5, 5, 3};
    String base = "id,author,quote";
    String[] columns = {
      base,
      base,
      base,
      base + ",vector_minilm",
      base + ",vector_minilm",
      base,
      base + ",vector_bge",
      base + ",vector_bge",
      base + ",vector_bge"
    };
    for (int v = 1; v <= 9; v++) {
      var df = spark.sql("SELECT * FROM lance.demo.quotes VERSION AS OF " + v);
      assertThat(df.count()).as("rows of v%d", v).isEqualTo(rows[v - 1]);
      assertThat(String.join(",", df.columns())).as("columns of v%d", v).isEqualTo(columns[v - 1]);
    }
    assertThat(
            spark
                .sql("SELECT author FROM lance.demo.quotes VERSION AS OF 1 WHERE id = 1")
                .first()
                .getString(0))
        .isEqualTo("Richard");
    assertThat(
            spark
                .sql(
                    "SELECT count(*) FROM lance.demo.quotes VERSION AS OF 5 WHERE vector_minilm IS NULL")
                .first()
                .getLong(0))
        .isZero();
    assertThat(
            spark.sql("SELECT quote FROM lance.demo.quotes VERSION AS OF 9 WHERE id = 2").count())
        .isZero();
  }

  @Test
  void vectorsAreNormalizedFixedSizeListsOf384Floats() {
    Table table =
        Table.forPath(
            warehouse.resolve("demo").resolve("quotes").toString(),
            spark.sessionState().newHadoopConf());
    assertThat(table.snapshotAt(5).schema().column("vector_minilm").orElseThrow().field().getType())
        .isEqualTo(new ArrowType.FixedSizeList(384));
    assertThat(table.latestSnapshot().schema().column("vector_bge").orElseThrow().field().getType())
        .isEqualTo(new ArrowType.FixedSizeList(384));
    Row norm =
        spark
            .sql(
                "SELECT min(n), max(n) FROM (SELECT sqrt(aggregate(vector_bge, 0D, (a, x) -> a + x * x)) n "
                    + "FROM lance.demo.quotes)")
            .first();
    assertThat(norm.getDouble(0)).isBetween(0.9999, 1.0001);
    assertThat(norm.getDouble(1)).isBetween(0.9999, 1.0001);
  }

  @Test
  void bothModelsFindThePickleQuoteClosestToPickleAtTheirVersions() {
    List<Row> minilm =
        walkthrough.nearestToPickle("vector_minilm", SentenceEmbeddings.Model.ALL_MINILM_L6_V2, 5);
    List<Row> bge =
        walkthrough.nearestToPickle("vector_bge", SentenceEmbeddings.Model.BGE_SMALL_EN_V15, 8);
    assertThat(minilm.get(0).getLong(0)).isEqualTo(3);
    assertThat(bge.get(0).getLong(0)).isEqualTo(3);
    assertThat(minilm).hasSize(3);
    assertThat(bge.get(0).getFloat(2)).isGreaterThan(bge.get(1).getFloat(2));
  }
}
