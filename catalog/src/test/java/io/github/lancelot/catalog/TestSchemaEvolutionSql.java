package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Every ALTER TABLE is exactly one new version, rewrites no data file, and old versions keep their
 * schema.
 */
@AcrossLines
class TestSchemaEvolutionSql extends CatalogTestBase {

  java.util.Set<String> dataFiles(String name) {
    return lanceTable(name).latestSnapshot().fragments().stream()
        .flatMap(f -> f.files().stream())
        .map(f -> f.path())
        .collect(java.util.stream.Collectors.toSet());
  }

  void createQuotes() {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING, quote STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'Richard', 'Wubba'), (2, 'Morty', 'Rick')", t("q"));
  }

  @Test
  void addColumnsIsOneVersionAndOldRowsReadNull() {
    createQuotes();
    var files = dataFiles("q");
    sql("ALTER TABLE %s ADD COLUMNS (score INT COMMENT 'stars', tags ARRAY<STRING>)", t("q"));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operation()).isEqualTo("ADD COLUMNS");
    assertThat(dataFiles("q")).isEqualTo(files);
    assertThat(columns("SELECT * FROM " + t("q")))
        .containsExactly("id", "author", "quote", "score", "tags");
    assertThat(spark.table(t("q")).schema().apply("score").getComment().get()).isEqualTo("stars");
    assertThat(
            rows("SELECT count(*) FROM %s WHERE score IS NULL AND tags IS NULL", t("q"))
                .get(0)
                .getLong(0))
        .isEqualTo(2);
    sql("INSERT INTO %s VALUES (3, 'Summer', 'Ugh', 5, array('teen'))", t("q"));
    assertThat(rows("SELECT score FROM %s WHERE id = 3", t("q")).get(0).getInt(0)).isEqualTo(5);
    assertThat(columns("SELECT * FROM " + t("q") + " VERSION AS OF 2"))
        .containsExactly("id", "author", "quote");
  }

  @Test
  void aVectorColumnIsAddedWithItsDimensionInOneStatementAndOneVersion() {
    createQuotes();
    sql("ALTER TABLE %s ADD COLUMN vector_minilm VECTOR(384) COMMENT 'all-MiniLM-L6-v2'", t("q"));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L);
    assertThat(
            lanceTable("q")
                .latestSnapshot()
                .schema()
                .column("vector_minilm")
                .orElseThrow()
                .field()
                .getType())
        .isEqualTo(new ArrowType.FixedSizeList(384));
    assertThat(spark.table(t("q")).schema().apply("vector_minilm").getComment().get())
        .isEqualTo("all-MiniLM-L6-v2");
    sql("use %s.db", catalog);
    sql("alter table q add column vector_mpnet vector(8) of double");
    assertThat(
            lanceTable("q")
                .latestSnapshot()
                .schema()
                .column("vector_mpnet")
                .orElseThrow()
                .field()
                .getType())
        .isEqualTo(new ArrowType.FixedSizeList(8));
    assertThat(
            rows(
                    "CALL %s.system.add_vector_column(table => 'db.q', column => 'v3', dimension => 2)",
                    catalog)
                .get(0)
                .getLong(3))
        .isEqualTo(5);
    assertThatThrownBy(() -> sql("ALTER TABLE %s ADD COLUMN bad VECTOR(0)", t("q")))
        .hasMessageContaining("Invalid vector dimension 0");
    assertThat(lanceTable("q").versions()).hasSize(5);
  }

  @Test
  void renameAndDropColumnsAreMetadataOnly() {
    createQuotes();
    var files = dataFiles("q");
    sql("ALTER TABLE %s RENAME COLUMN author TO speaker", t("q"));
    sql("ALTER TABLE %s DROP COLUMN quote", t("q"));
    assertThat(dataFiles("q")).isEqualTo(files);
    assertThat(columns("SELECT * FROM " + t("q"))).containsExactly("id", "speaker");
    assertThat(rows("SELECT speaker FROM %s WHERE id = 1", t("q")).get(0).getString(0))
        .isEqualTo("Richard");
    assertThat(rows("SELECT author, quote FROM %s VERSION AS OF 2 WHERE id = 2", t("q")).get(0))
        .isEqualTo(org.apache.spark.sql.RowFactory.create("Morty", "Rick"));
    sql("ALTER TABLE %s ADD COLUMN quote STRING", t("q"));
    assertThat(rows("SELECT quote FROM %s WHERE id = 1", t("q")).get(0).isNullAt(0)).isTrue();
    assertThat(lanceTable("q").history())
        .extracting(c -> c.operation())
        .containsExactly("ADD COLUMNS", "CHANGE SCHEMA", "CHANGE SCHEMA", "APPEND", "CREATE TABLE");
  }

  @Test
  void columnCommentsAndPropertiesChangeAsVersions() {
    createQuotes();
    sql("ALTER TABLE %s ALTER COLUMN quote COMMENT 'what was said'", t("q"));
    sql("ALTER TABLE %s SET TBLPROPERTIES ('team'='ml', 'checkpoint.interval'='5')", t("q"));
    sql("ALTER TABLE %s UNSET TBLPROPERTIES ('team')", t("q"));
    assertThat(spark.table(t("q")).schema().apply("quote").getComment().get())
        .isEqualTo("what was said");
    assertThat(lanceTable("q").latestSnapshot().properties())
        .containsEntry("checkpoint.interval", "5")
        .doesNotContainKey("team");
    assertThat(lanceTable("q").snapshotAt(4).properties()).containsEntry("team", "ml");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThatThrownBy(
            () -> sql("ALTER TABLE %s SET TBLPROPERTIES ('checkpoint.interval'='often')", t("q")))
        .hasMessageContaining("Invalid value 'often' for checkpoint.interval");
    assertThat(lanceTable("q").versions()).hasSize(5);
  }

  @Test
  void anAddedColumnWithADefaultReadsTheDefaultInOldRowsAndNewInserts() {
    createQuotes();
    sql("ALTER TABLE %s ADD COLUMN stars INT NOT NULL DEFAULT 3", t("q"));
    sql("ALTER TABLE %s ADD COLUMN lang STRING DEFAULT 'en'", t("q"));
    sql("INSERT INTO %s (id, author, quote) VALUES (3, 'Summer', 'Ugh')", t("q"));
    sql("INSERT INTO %s VALUES (4, 'Beth', 'Hm', 5, 'fr')", t("q"));
    assertThat(rows("SELECT id, stars, lang FROM %s ORDER BY id", t("q")))
        .extracting(Row::toString)
        .containsExactly("[1,3,en]", "[2,3,en]", "[3,3,en]", "[4,5,fr]");
  }

  @Test
  void safeTypeWideningIsMetadataOnlyAndOldVersionsKeepTheOldType() {
    sql("CREATE TABLE %s (id INT, score FLOAT, price DECIMAL(10,2))", t("w"));
    sql("INSERT INTO %s VALUES (1, 1.5, 10.25), (2147483647, -0.5, 99999999.99)", t("w"));
    var files = dataFiles("w");
    sql("ALTER TABLE %s ALTER COLUMN id TYPE BIGINT", t("w"));
    sql("ALTER TABLE %s ALTER COLUMN score TYPE DOUBLE", t("w"));
    sql("ALTER TABLE %s ALTER COLUMN price TYPE DECIMAL(14,2)", t("w"));
    assertThat(dataFiles("w")).isEqualTo(files);
    sql("INSERT INTO %s VALUES (9999999999, 2.25, 123456789012.34)", t("w"));
    assertThat(rows("SELECT * FROM %s ORDER BY id", t("w")))
        .extracting(Row::toString)
        .containsExactly(
            "[1,1.5,10.25]", "[2147483647,-0.5,99999999.99]", "[9999999999,2.25,123456789012.34]");
    assertThat(
            spark
                .sql("SELECT * FROM " + t("w") + " VERSION AS OF 2")
                .schema()
                .apply("id")
                .dataType())
        .isEqualTo(org.apache.spark.sql.types.DataTypes.IntegerType);
    assertThat(spark.table(t("w")).schema().apply("price").dataType())
        .isEqualTo(org.apache.spark.sql.types.DataTypes.createDecimalType(14, 2));
  }

  @Test
  void unsupportedChangesAreRefusedAndChangeNothing() {
    createQuotes();
    assertThatThrownBy(() -> sql("ALTER TABLE %s ALTER COLUMN quote TYPE INT", t("q")))
        .hasStackTraceContaining("quote");
    assertThatThrownBy(() -> sql("ALTER TABLE %s DROP COLUMN nope", t("q")))
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> sql("ALTER TABLE %s ADD COLUMN author STRING", t("q")))
        .hasMessageContaining("author");
    assertThatThrownBy(() -> sql("ALTER TABLE %s ALTER COLUMN author SET NOT NULL", t("q")))
        .hasStackTraceContaining("non-nullable: author");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
  }

  static Row only(List<Row> rows) {
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
