package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.testing.AcrossLines;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Path writes in every save mode, and path reads of any version by number or by time. */
@AcrossLines
class TestSparkSaveModesAndTimeTravel extends SparkTestBase {

  Dataset<Row> ids(long from, long to) {
    return spark.range(from, to).selectExpr("id", "concat('q', id) AS quote");
  }

  Dataset<Row> read(String p) {
    return spark.read().format("lance").load(p);
  }

  List<Long> idsOf(Dataset<Row> df) {
    return df.orderBy("id").select("id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList();
  }

  Table table(String p) {
    return Table.forPath(p, spark.sessionState().newHadoopConf());
  }

  @Test
  void errorIfExistsIsTheDefaultAndCreatesTheTableAsVersionOne() {
    String p = path("t");
    ids(0, 3).write().format("lance").save(p);
    assertThat(table(p).versions()).containsExactly(1L);
    assertThat(table(p).latestSnapshot().commitInfo().operation())
        .isEqualTo(Operation.CREATE_TABLE);
    assertThatThrownBy(() -> ids(10, 12).write().format("lance").save(p))
        .hasMessageContaining("already exists");
    assertThat(idsOf(read(p))).containsExactly(0L, 1L, 2L);
    assertThat(table(p).versions()).containsExactly(1L);
  }

  @Test
  void appendAddsAVersionAndCreatesAMissingTable() {
    String p = path("t");
    ids(0, 2).write().format("lance").mode("append").save(p);
    ids(2, 4).write().format("lance").mode("append").save(p);
    assertThat(idsOf(read(p))).containsExactly(0L, 1L, 2L, 3L);
    assertThat(table(p).history())
        .extracting(CommitInfo::operation)
        .containsExactly(Operation.APPEND, Operation.CREATE_TABLE);
  }

  @Test
  void overwriteReplacesEveryRowAsANewVersionKeepingHistory() {
    String p = path("t");
    ids(0, 5).write().format("lance").save(p);
    ids(100, 102).write().format("lance").mode("overwrite").save(p);
    assertThat(idsOf(read(p))).containsExactly(100L, 101L);
    assertThat(table(p).latestSnapshot().commitInfo().operation()).isEqualTo(Operation.OVERWRITE);
    assertThat(
            idsOf(read(p).sparkSession().read().format("lance").option("versionAsOf", 1).load(p)))
        .containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void ignoreLeavesAnExistingTableUntouched() {
    String p = path("t");
    ids(0, 2).write().format("lance").mode("ignore").save(p);
    ids(5, 9).write().format("lance").mode("ignore").save(p);
    assertThat(idsOf(read(p))).containsExactly(0L, 1L);
    assertThat(table(p).versions()).containsExactly(1L);
  }

  @Test
  void appendingAnIncompatibleSchemaFailsNamingTheColumnAndCommitsNothing() {
    String p = path("t");
    ids(0, 2).write().format("lance").save(p);
    Dataset<Row> wrongType = spark.range(1).selectExpr("id", "array(1.0) AS quote");
    assertThatThrownBy(() -> wrongType.write().format("lance").mode("append").save(p))
        .hasMessageContaining("quote")
        .hasMessageContaining("ARRAY<DECIMAL(2,1)>");
    Dataset<Row> extra = spark.range(1).selectExpr("id", "'x' AS quote", "1 AS extra");
    assertThatThrownBy(() -> extra.write().format("lance").mode("append").save(p))
        .hasMessageContaining("extra");
    assertThat(table(p).versions()).containsExactly(1L);
  }

  @Test
  void aVectorOfTheWrongDimensionFailsNamingColumnRowAndDimensions() {
    String p = path("t");
    spark
        .range(3)
        .selectExpr("id", "array(cast(id AS float), 1.0f, 2.0f) AS v")
        .write()
        .format("lance")
        .option("v.arrow.fixed-size-list.size", "3")
        .save(p);
    Dataset<Row> bad =
        spark
            .range(3, 6)
            .repartition(1)
            .selectExpr("id", "IF(id = 5, array(1.0f, 2.0f), array(1.0f, 2.0f, 3.0f)) AS v");
    assertThatThrownBy(() -> bad.write().format("lance").mode("append").save(p))
        .hasStackTraceContaining(
            "Vector column 'v' holds 3 values per row, but row 2 of the data has 2");
    assertThat(table(p).versions()).containsExactly(1L);
    assertThat(read(p).count()).isEqualTo(3);
  }

  @Test
  void aVectorDimensionForAColumnThatIsNotAFloatArrayIsRefused() {
    String p = path("t");
    assertThatThrownBy(
            () ->
                ids(0, 1)
                    .write()
                    .format("lance")
                    .option("quote.arrow.fixed-size-list.size", "3")
                    .save(p))
        .hasStackTraceContaining("Column 'quote' is declared a vector, but its type is STRING");
    assertThat(table(p).exists()).isFalse();
  }

  @Test
  void readsAnyVersionByNumberOrTimestampWithThatVersionsSchema() throws Exception {
    String p = path("t");
    ids(0, 2).write().format("lance").save(p);
    ids(2, 4).write().format("lance").mode("append").save(p);
    Table table = table(p);
    Snapshot v2 = table.latestSnapshot();
    table
        .newTransaction(v2, Operation.ADD_COLUMNS)
        .setSchema(
            v2.schema().withColumnAdded(Field.nullable("score", new ArrowType.Int(32, true))))
        .commit();

    assertThat(read(p).schema().fieldNames()).containsExactly("id", "quote", "score");
    assertThat(read(p).where("score IS NULL").count()).isEqualTo(4);
    Dataset<Row> v1 = spark.read().format("lance").option("versionAsOf", "1").load(p);
    assertThat(v1.schema().fieldNames()).containsExactly("id", "quote");
    assertThat(idsOf(v1)).containsExactly(0L, 1L);

    String at2 = Timestamp.from(Instant.ofEpochMilli(v2.timestamp())).toString();
    Dataset<Row> byTime = spark.read().format("lance").option("timestampAsOf", at2).load(p);
    assertThat(byTime.schema().fieldNames()).containsExactly("id", "quote");
    assertThat(idsOf(byTime)).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void timestampAsOfIsReadInTheSessionTimeZoneLikeSqlTimestampAsOf() {
    String p = path("t");
    ids(0, 2).write().format("lance").save(p);
    ids(2, 4).write().format("lance").mode("append").save(p);
    ids(4, 6).write().format("lance").mode("append").save(p);
    Snapshot v2 = table(p).snapshotAt(2);
    boolean jvmInLosAngeles = java.util.TimeZone.getDefault().getRawOffset() == -8 * 3600 * 1000;
    String zone = jvmInLosAngeles ? "Asia/Tokyo" : "America/Los_Angeles";
    String at2 =
        java.time.LocalDateTime.ofInstant(
                Instant.ofEpochMilli(v2.timestamp()), java.time.ZoneId.of(zone))
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS"));
    spark.conf().set("spark.sql.session.timeZone", zone);
    try {
      assertThat(idsOf(spark.read().format("lance").option("timestampAsOf", at2).load(p)))
          .containsExactly(0L, 1L, 2L, 3L);
      assertThat(
              idsOf(
                  spark.sql("SELECT * FROM lance_paths.`" + p + "` TIMESTAMP AS OF '" + at2 + "'")))
          .containsExactly(0L, 1L, 2L, 3L);
      var direct =
          (LanceSparkTable)
              new LanceDataSource()
                  .getTable(
                      null,
                      new org.apache.spark.sql.connector.expressions.Transform[0],
                      java.util.Map.of("path", p, "timestampAsOf", at2));
      assertThat(direct.snapshot().version()).isEqualTo(2);
      assertThatThrownBy(
              () ->
                  new LanceDataSource()
                      .getTable(
                          null,
                          new org.apache.spark.sql.connector.expressions.Transform[0],
                          java.util.Map.of("path", p, "timestampAsOf", "yesterday at noon")))
          .hasMessageContaining("Invalid timestampAsOf 'yesterday at noon'");
    } finally {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
    }
  }

  @Test
  void aVersionThatDoesNotExistIsAnErrorListingTheVersionsThatDo() {
    String p = path("t");
    ids(0, 2).write().format("lance").save(p);
    ids(2, 4).write().format("lance").mode("append").save(p);
    assertThatThrownBy(() -> spark.read().format("lance").option("versionAsOf", 9).load(p).count())
        .hasMessageContaining("has no version 9")
        .hasMessageContaining("available versions are 1 to 2");
    assertThatThrownBy(
            () ->
                spark
                    .read()
                    .format("lance")
                    .option("timestampAsOf", "2001-01-01 00:00:00")
                    .load(p)
                    .count())
        .hasMessageContaining("has no version at or before 2001-01-01T00:00:00Z");
  }

  @Test
  void readingAMissingTableFailsNamingIt() {
    String p = path("missing");
    assertThatThrownBy(() -> read(p).collectAsList())
        .hasMessageContaining("missing")
        .hasMessageContaining("does not exist");
  }
}
