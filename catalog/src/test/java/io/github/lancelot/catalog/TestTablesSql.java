package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Tables in the warehouse: created, filled, described, replaced, renamed and dropped with SQL and
 * DataFrameWriterV2.
 */
@AcrossLines
class TestTablesSql extends CatalogTestBase {

  List<Long> ids(String table) {
    return rows("SELECT id FROM %s ORDER BY id", table).stream().map(r -> r.getLong(0)).toList();
  }

  @Test
  void createTableWithNotNullCommentsPropertiesAndAVectorColumn() {
    sql(
        "CREATE TABLE %s (id BIGINT NOT NULL COMMENT 'key', quote STRING, emb ARRAY<FLOAT>) "
            + "COMMENT 'quotes' TBLPROPERTIES ('team'='ml', 'emb.arrow.fixed-size-list.size'='3')",
        t("q"));
    StructType schema = spark.table(t("q")).schema();
    assertThat(schema.apply("id").nullable()).isFalse();
    assertThat(schema.apply("id").getComment().get()).isEqualTo("key");
    assertThat(schema.apply("emb").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType));
    assertThat(
            lanceTable("q").latestSnapshot().schema().column("emb").orElseThrow().field().getType())
        .isEqualTo(new ArrowType.FixedSizeList(3));
    Map<String, String> props =
        rows("SHOW TBLPROPERTIES %s", t("q")).stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertThat(props).containsEntry("team", "ml");
    assertThat(rows("DESCRIBE TABLE EXTENDED %s", t("q")).toString())
        .contains(
            "Provider",
            "lance",
            "Location",
            warehouse.resolve("db").resolve("q").toString(),
            "quotes");
    assertThat(rows("SHOW TABLES IN %s.db", catalog))
        .extracting(r -> r.getString(1))
        .containsExactly("q");

    assertThatThrownBy(() -> sql("CREATE TABLE %s (id INT)", t("q"))).hasMessageContaining("q");
    sql("CREATE TABLE IF NOT EXISTS %s (id INT)", t("q"));
  }

  @Test
  void insertIntoInsertOverwriteAndInsertWithAColumnList() {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING, quote STRING)", t("q"));
    sql(
        "INSERT INTO %s VALUES (1, 'Richard', 'Wubba Lubba Dub Dub!'), (2, 'Morty', 'Rick, what\\'s going on?')",
        t("q"));
    sql("INSERT INTO %s (quote, author, id) VALUES ('Pickle!', 'Richard', 3)", t("q"));
    assertThat(ids(t("q"))).containsExactly(1L, 2L, 3L);
    assertThat(rows("SELECT quote FROM %s WHERE id = 2", t("q")).get(0).getString(0))
        .isEqualTo("Rick, what's going on?");
    assertThat(rows("SELECT author FROM %s WHERE id = 3", t("q")).get(0).getString(0))
        .isEqualTo("Richard");

    sql("INSERT OVERWRITE %s SELECT 9, 'Summer', 'Whatever'", t("q"));
    assertThat(ids(t("q"))).containsExactly(9L);
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(ids(t("q") + " VERSION AS OF 3")).containsExactly(1L, 2L, 3L);

    assertThatThrownBy(() -> sql("INSERT INTO %s VALUES (NULL, 'x', 'y')", t("q")))
        .hasStackTraceContaining("id");
    assertThat(lanceTable("q").versions()).hasSize(4);
  }

  @Test
  void insertWithAPartialColumnListFillsDefaultsAndNulls() {
    sql(
        "CREATE TABLE %s (id BIGINT NOT NULL, author STRING, quote STRING, lang STRING DEFAULT 'en')",
        t("p"));
    sql("INSERT INTO %s (quote, id) VALUES ('Pickle', 3)", t("p"));
    sql("INSERT INTO %s (id, lang) SELECT 4L, 'fr'", t("p"));
    sql("INSERT INTO %s (id, lang, quote) VALUES (5, DEFAULT, 'q5')", t("p"));
    sql("INSERT INTO %s BY NAME SELECT 'q7' AS quote, 7L AS id", t("p"));
    assertThat(rows("SELECT * FROM %s ORDER BY id", t("p")))
        .extracting(Row::toString)
        .containsExactly(
            "[3,null,Pickle,en]", "[4,null,null,fr]", "[5,null,q5,en]", "[7,null,q7,en]");
    assertThatThrownBy(() -> sql("INSERT INTO %s (quote) VALUES ('no id')", t("p")))
        .hasMessageContaining("id");
  }

  @Test
  void overwriteWithAConditionReplacesOnlyTheMatchingRowsInOneVersion() throws Exception {
    sql("CREATE TABLE %s AS SELECT id, id %% 3 AS bucket FROM range(12)", t("o"));
    spark
        .sql("SELECT 100L AS id, 1L AS bucket")
        .writeTo(t("o"))
        .overwrite(org.apache.spark.sql.functions.col("bucket").equalTo(1));
    assertThat(ids(t("o"))).containsExactly(0L, 2L, 3L, 5L, 6L, 8L, 9L, 11L, 100L);
    assertThat(lanceTable("o").versions()).containsExactly(1L, 2L);
    var commit = lanceTable("o").latestSnapshot().commitInfo();
    assertThat(commit.operation()).isEqualTo("OVERWRITE");
    assertThat(commit.operationParameters().get("predicate")).contains("bucket");
    assertThat(commit.operationMetrics())
        .containsEntry("numDeletedRows", 4L)
        .containsEntry("numAddedRows", 1L);
    assertThat(ids(t("o") + " VERSION AS OF 1")).hasSize(12);
  }

  @Test
  void createTableAsSelectIsOneVersionWithTheRows() {
    sql("CREATE TABLE %s AS SELECT id, concat('q', id) AS quote FROM range(5)", t("q"));
    assertThat(ids(t("q"))).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(lanceTable("q").versions()).containsExactly(1L);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("CREATE TABLE");
    assertThatThrownBy(() -> sql("CREATE TABLE %s AS SELECT 1 AS id", t("q")))
        .hasMessageContaining("q");
  }

  @Test
  void replaceTableIsANewVersionOfTheSameTableKeepingHistory() {
    sql("CREATE TABLE %s AS SELECT id, concat('q', id) AS quote FROM range(3)", t("q"));
    sql("REPLACE TABLE %s AS SELECT id * 10 AS id, id %% 2 = 0 AS even FROM range(2)", t("q"));
    assertThat(spark.table(t("q")).schema().fieldNames()).containsExactly("id", "even");
    assertThat(ids(t("q"))).containsExactly(0L, 10L);
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation())
        .isEqualTo("REPLACE TABLE");
    assertThat(spark.sql("SELECT * FROM " + t("q") + " VERSION AS OF 1").schema().fieldNames())
        .containsExactly("id", "quote");
    assertThat(ids(t("q") + " VERSION AS OF 1")).containsExactly(0L, 1L, 2L);

    sql("CREATE OR REPLACE TABLE %s (id BIGINT, note STRING)", t("q"));
    assertThat(rows("SELECT * FROM %s", t("q"))).isEmpty();
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L);
    sql("CREATE OR REPLACE TABLE %s AS SELECT 7L AS id", t("fresh"));
    assertThat(ids(t("fresh"))).containsExactly(7L);
    assertThatThrownBy(() -> sql("REPLACE TABLE %s (id INT)", t("missing")))
        .hasMessageContaining("missing");
  }

  @Test
  void dataFrameWriterV2CreatesReplacesAndAppends() throws Exception {
    spark.range(3).toDF("id").writeTo(t("w")).create();
    spark.range(3, 5).toDF("id").writeTo(t("w")).append();
    assertThat(ids(t("w"))).containsExactly(0L, 1L, 2L, 3L, 4L);
    spark.range(100, 101).toDF("id").writeTo(t("w")).createOrReplace();
    assertThat(ids(t("w"))).containsExactly(100L);
    assertThat(lanceTable("w").versions()).containsExactly(1L, 2L, 3L);
    assertThatThrownBy(() -> spark.range(1).toDF("id").writeTo(t("w")).create())
        .hasMessageContaining("w");
  }

  @Test
  void renameMovesTheTableWithItsHistory() {
    sql("CREATE TABLE %s AS SELECT 1L AS id", t("a"));
    sql("INSERT INTO %s VALUES (2)", t("a"));
    sql("ALTER TABLE %s RENAME TO %s", t("a"), "db.b");
    assertThat(ids(t("b"))).containsExactly(1L, 2L);
    assertThat(ids(t("b") + " VERSION AS OF 1")).containsExactly(1L);
    assertThatThrownBy(() -> sql("SELECT * FROM %s", t("a"))).hasMessageContaining("a");
    sql("CREATE TABLE %s (id BIGINT)", t("c"));
    assertThatThrownBy(() -> sql("ALTER TABLE %s RENAME TO db.c", t("b")))
        .hasMessageContaining("c");
  }

  @Test
  void dropTableDeletesItAndPurgeToo() {
    sql("CREATE TABLE %s AS SELECT 1L AS id", t("a"));
    sql("CREATE TABLE %s AS SELECT 1L AS id", t("b"));
    sql("DROP TABLE %s", t("a"));
    sql("DROP TABLE %s PURGE", t("b"));
    assertThat(Files.exists(warehouse.resolve("db").resolve("a"))).isFalse();
    assertThat(Files.exists(warehouse.resolve("db").resolve("b"))).isFalse();
    assertThat(rows("SHOW TABLES IN %s.db", catalog)).isEmpty();
    assertThatThrownBy(() -> sql("DROP TABLE %s", t("a"))).hasMessageContaining("a");
    sql("DROP TABLE IF EXISTS %s", t("a"));
  }

  @Test
  void partitionedTablesAndOtherProvidersAreRefusedClearly() {
    assertThatThrownBy(() -> sql("CREATE TABLE %s (id INT, d DATE) PARTITIONED BY (d)", t("p")))
        .hasMessageContaining("cannot be partitioned");
    assertThatThrownBy(() -> sql("CREATE TABLE %s (id INT) USING parquet", t("p")))
        .hasMessageContaining("cannot use provider 'parquet'");
    assertThat(rows("SHOW TABLES IN %s.db", catalog)).isEmpty();
  }

  @Test
  void aTableOutsideTheWarehouseIsReachableByItsPath() throws Exception {
    String path = Files.createTempDirectory("lance-path").resolve("t").toString();
    spark.range(4).toDF("id").write().format("lance").save(path);
    String byPath = catalog + ".`" + path + "`";
    assertThat(ids(byPath)).containsExactly(0L, 1L, 2L, 3L);
    sql("INSERT INTO %s VALUES (10)", byPath);
    assertThat(ids(byPath + " VERSION AS OF 1")).containsExactly(0L, 1L, 2L, 3L);
    assertThat(rows("SELECT count(*) FROM %s", byPath).get(0).getLong(0)).isEqualTo(5);
    assertThat(rows("SELECT version FROM %s.history", byPath))
        .extracting(r -> r.getLong(0))
        .containsExactly(2L, 1L);
  }

  static Row first(List<Row> rows) {
    return rows.get(0);
  }
}
