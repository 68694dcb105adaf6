package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Table;
import io.github.lancelot.testing.AcrossLines;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataFrame writes that change a table's columns, as Delta Lake's options do: {@code mergeSchema}
 * adds the data's new columns in the version that writes the rows, {@code overwriteSchema} makes
 * the data's columns the table's in an overwrite. Older versions keep their columns and rows.
 */
@AcrossLines
class TestSchemaEvolutionOnWrite extends CatalogTestBase {

  @TempDir Path paths;

  @BeforeEach
  void registerPause() {
    PauseOnce.register(spark);
  }

  /** Runs a DataFrame write in another thread and returns once its task is held by pause_once. */
  private CompletableFuture<Void> pausedWrite(ThrowingRunnable write) throws Exception {
    return PauseOnce.start(
        () -> {
          try {
            write.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private String path(String name) {
    return paths.resolve(name).toString();
  }

  private Table pathTable(String path) {
    return Table.forPath(path, spark.sessionState().newHadoopConf());
  }

  private Dataset<Row> df(String select) {
    return spark.sql("SELECT " + select);
  }

  private Dataset<Row> read(String path) {
    return spark.read().format("lance").load(path);
  }

  private Dataset<Row> readVersion(String path, long version) {
    return spark.read().format("lance").option("versionAsOf", version).load(path);
  }

  private static Set<String> dataFiles(Table table, long version) {
    return table.snapshotAt(version).fragments().stream()
        .flatMap(f -> f.files().stream())
        .map(DataFile::path)
        .collect(Collectors.toSet());
  }

  /** A path table at version 1 with rows (1, 'Rick') and (2, 'Morty'). */
  private String ricks() {
    String path = path("q");
    df("* FROM VALUES (1L, 'Rick'), (2L, 'Morty') AS q(id, author)")
        .write()
        .format("lance")
        .save(path);
    return path;
  }

  /** Catalog table q at version 2: columns id (NOT NULL) and author, rows (1, 'Rick'). */
  private String catalogRicks() {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING)", t("q"));
    sql("INSERT INTO %s VALUES (1, 'Rick')", t("q"));
    return t("q");
  }

  @Test
  void anAppendWithANewColumnAndMergeSchemaAddsTheColumnInTheVersionOfTheRows() {
    String path = ricks();
    df("3L AS id, 'Summer' AS author, 7 AS score")
        .write()
        .format("lance")
        .mode("append")
        .option("mergeSchema", "true")
        .save(path);

    Table table = pathTable(path);
    assertThat(table.versions()).containsExactly(1L, 2L);
    CommitInfo commit = table.latestSnapshot().commitInfo();
    assertThat(commit.operation()).isEqualTo("APPEND");
    assertThat(commit.operationParameters())
        .containsEntry("mergeSchema", "true")
        .containsEntry("add.score", "INT");
    assertThat(dataFiles(table, 2)).containsAll(dataFiles(table, 1));
    assertThat(read(path).schema().fieldNames()).containsExactly("id", "author", "score");
    assertThat(read(path).orderBy("id").collectAsList())
        .containsExactly(
            RowFactory.create(1L, "Rick", null),
            RowFactory.create(2L, "Morty", null),
            RowFactory.create(3L, "Summer", 7));
    assertThat(readVersion(path, 1).schema().fieldNames()).containsExactly("id", "author");
    assertThat(readVersion(path, 1).orderBy("id").collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick"), RowFactory.create(2L, "Morty"));
  }

  @Test
  void anOverwriteWithMergeSchemaReplacesTheRowsAndAddsTheColumn() {
    String path = ricks();
    df("3L AS id, 'Summer' AS author, 7 AS score")
        .write()
        .format("lance")
        .mode("overwrite")
        .option("mergeSchema", "true")
        .save(path);

    assertThat(pathTable(path).versions()).containsExactly(1L, 2L);
    assertThat(pathTable(path).latestSnapshot().commitInfo().operation()).isEqualTo("OVERWRITE");
    assertThat(read(path).collectAsList()).containsExactly(RowFactory.create(3L, "Summer", 7));
    assertThat(readVersion(path, 1).orderBy("id").collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick"), RowFactory.create(2L, "Morty"));
  }

  @Test
  void mergeSchemaMatchesColumnsIgnoringCaseAndTakesColumnsInAnyOrder() {
    String path = ricks();
    df("'Beth' AS AUTHOR, 4L AS Id")
        .write()
        .format("lance")
        .mode("append")
        .option("mergeSchema", "true")
        .save(path);

    assertThat(read(path).schema().fieldNames()).containsExactly("id", "author");
    assertThat(read(path).where("id = 4").collectAsList())
        .containsExactly(RowFactory.create(4L, "Beth"));
  }

  @Test
  void withCaseSensitiveNamesANewColumnDifferingOnlyInCaseIsRefused() {
    String path = ricks();
    spark.conf().set("spark.sql.caseSensitive", "true");
    try {
      assertThatThrownBy(
              () ->
                  df("4L AS id, 'Beth' AS author, 'x' AS AUTHOR")
                      .write()
                      .format("lance")
                      .mode("append")
                      .option("mergeSchema", "true")
                      .save(path))
          .hasMessageContaining("Cannot add column 'AUTHOR' to table")
          .hasMessageContaining(path)
          .hasMessageContaining("has column 'author'");
    } finally {
      spark.conf().unset("spark.sql.caseSensitive");
    }
    assertThat(pathTable(path).versions()).containsExactly(1L);
  }

  @Test
  void aTypeChangeIsNotSchemaEvolutionAndIsRefusedByTheCastRules() {
    String path = ricks();
    assertThatThrownBy(
            () ->
                df("3L AS id, array(1, 2) AS author, 7 AS score")
                    .write()
                    .format("lance")
                    .mode("append")
                    .option("mergeSchema", "true")
                    .save(path))
        .hasMessageContaining("author");
    assertThat(pathTable(path).versions()).containsExactly(1L);
    assertThat(read(path).schema().fieldNames()).containsExactly("id", "author");
  }

  @Test
  void aNewFieldInsideAnExistingStructColumnIsRefused() {
    String path = path("nested");
    df("1L AS id, named_struct('a', 1) AS info").write().format("lance").save(path);
    assertThatThrownBy(
            () ->
                df("2L AS id, named_struct('a', 2, 'b', 'x') AS info")
                    .write()
                    .format("lance")
                    .mode("append")
                    .option("mergeSchema", "true")
                    .save(path))
        .hasMessageContaining("info");
    assertThat(pathTable(path).versions()).containsExactly(1L);
  }

  @Test
  void aVectorColumnIsAddedWithTheDimensionItsWriteOptionDeclares() {
    String path = ricks();
    df("3L AS id, 'Summer' AS author, array(0.5F, 1.5F) AS embedding")
        .write()
        .format("lance")
        .mode("append")
        .option("mergeSchema", "true")
        .option("embedding.arrow.fixed-size-list.size", "2")
        .save(path);

    assertThat(
            pathTable(path)
                .latestSnapshot()
                .schema()
                .column("embedding")
                .orElseThrow()
                .field()
                .getType())
        .isEqualTo(new ArrowType.FixedSizeList(2));
    assertThat(read(path).where("id = 3").select("embedding").first().getList(0))
        .containsExactly(0.5F, 1.5F);
    assertThat(read(path).where("id = 1").select("embedding").first().isNullAt(0)).isTrue();
  }

  @Test
  void overwriteSchemaReplacesTheColumnsAndOlderVersionsReadBackExactly() {
    String path = ricks();
    df("'a' AS key, 1.5D AS weight")
        .write()
        .format("lance")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .save(path);

    Table table = pathTable(path);
    assertThat(table.versions()).containsExactly(1L, 2L);
    assertThat(table.latestSnapshot().commitInfo().operationParameters())
        .containsEntry("overwriteSchema", "true");
    assertThat(read(path).schema().fieldNames()).containsExactly("key", "weight");
    assertThat(read(path).collectAsList()).containsExactly(RowFactory.create("a", 1.5D));
    assertThat(readVersion(path, 1).schema().fieldNames()).containsExactly("id", "author");
    assertThat(readVersion(path, 1).orderBy("id").collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick"), RowFactory.create(2L, "Morty"));
  }

  @Test
  void overwriteSchemaOnAnAppendIsRefusedAndChangesNothing() {
    String path = ricks();
    assertThatThrownBy(
            () ->
                df("'a' AS key")
                    .write()
                    .format("lance")
                    .mode("append")
                    .option("overwriteSchema", "true")
                    .save(path))
        .hasMessageContaining("Cannot use the write option overwriteSchema in an append to table")
        .hasMessageContaining(path);
    assertThat(pathTable(path).versions()).containsExactly(1L);
    assertThat(read(path).orderBy("id").collectAsList())
        .containsExactly(RowFactory.create(1L, "Rick"), RowFactory.create(2L, "Morty"));
  }

  @Test
  void aCatalogAppendWithMergeSchemaAddsTheColumnAsOneVersionThatDescribeAndHistoryShow()
      throws Exception {
    String table = catalogRicks();
    df("2L AS id, 'Morty' AS author, 7 AS score")
        .writeTo(table)
        .option("mergeSchema", "true")
        .append();

    assertThat(rows("DESCRIBE TABLE %s", table))
        .extracting(r -> r.getString(0))
        .containsSequence("id", "author", "score");
    List<Row> history = rows("DESCRIBE HISTORY %s", table);
    assertThat(history).extracting(r -> r.getAs("version")).containsExactly(3L, 2L, 1L);
    assertThat(history.get(0).<String>getAs("operation")).isEqualTo("APPEND");
    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(RowFactory.create(1L, "Rick", null), RowFactory.create(2L, "Morty", 7));
    assertThat(columns("SELECT * FROM " + table + " VERSION AS OF 2"))
        .containsExactly("id", "author");
    assertThat(rows("SELECT * FROM %s VERSION AS OF 2", table))
        .containsExactly(RowFactory.create(1L, "Rick"));
  }

  @Test
  void saveAsTableAndInsertIntoAddColumnsWithMergeSchema() {
    String table = catalogRicks();
    df("2L AS id, 'Morty' AS author, 7 AS score")
        .write()
        .mode("append")
        .option("mergeSchema", "true")
        .saveAsTable(table);
    df("3L, 'Summer', 8, 'earth' AS planet")
        .write()
        .option("mergeSchema", "true")
        .insertInto(table);

    assertThat(columns("SELECT * FROM " + table))
        .containsExactly("id", "author", "score", "planet");
    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "Rick", null, null),
            RowFactory.create(2L, "Morty", 7, null),
            RowFactory.create(3L, "Summer", 8, "earth"));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aCatalogOverwriteWithOverwriteSchemaReplacesTheColumns() throws Exception {
    String table = catalogRicks();
    df("'a' AS key, 1.5D AS weight")
        .writeTo(table)
        .option("overwriteSchema", "true")
        .overwrite(functions.lit(true));

    assertThat(columns("SELECT * FROM " + table)).containsExactly("key", "weight");
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create("a", 1.5D));
    assertThat(rows("SELECT * FROM %s VERSION AS OF 2", table))
        .containsExactly(RowFactory.create(1L, "Rick"));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void insertIntoInOverwriteModeWithOverwriteSchemaReplacesTheColumns() {
    String table = catalogRicks();
    df("'a' AS key, 1.5D AS weight")
        .write()
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .insertInto(table);

    assertThat(columns("SELECT * FROM " + table)).containsExactly("key", "weight");
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create("a", 1.5D));
    assertThat(rows("SELECT * FROM %s VERSION AS OF 2", table))
        .containsExactly(RowFactory.create(1L, "Rick"));
  }

  @Test
  void overwriteSchemaWithAConditionalOverwriteIsRefusedAndChangesNothing() {
    String table = catalogRicks();
    assertThatThrownBy(
            () ->
                df("5L AS id, 'Jerry' AS author")
                    .writeTo(table)
                    .option("overwriteSchema", "true")
                    .overwrite(functions.col("id").gt(1)))
        .hasMessageContaining("overwriteSchema in a conditional overwrite of table")
        .hasMessageContaining("db.q");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(rows("SELECT * FROM %s", table)).containsExactly(RowFactory.create(1L, "Rick"));
  }

  @Test
  void aConditionalOverwriteWithMergeSchemaKeepsTheOtherRowsAndAddsTheColumn() throws Exception {
    String table = catalogRicks();
    sql("INSERT INTO %s VALUES (2, 'Morty')", table);
    df("2L AS id, 'Morty Jr' AS author, 9 AS score")
        .writeTo(table)
        .option("mergeSchema", "true")
        .overwrite(functions.col("id").equalTo(2));

    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(RowFactory.create(1L, "Rick", null), RowFactory.create(2L, "Morty Jr", 9));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aMergeSchemaAppendRacingAnotherAppendKeepsBothAppends() throws Exception {
    String table = catalogRicks();
    CompletableFuture<Void> evolving =
        pausedWrite(
            () ->
                spark
                    .range(2, 3)
                    .selectExpr("id", "'Morty' AS author", "7 AS score")
                    .where("pause_once(id)")
                    .writeTo(table)
                    .option("mergeSchema", "true")
                    .append());
    sql("INSERT INTO %s VALUES (3, 'Summer')", table);
    PauseOnce.resume();
    evolving.get(60, TimeUnit.SECONDS);

    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "Rick", null),
            RowFactory.create(2L, "Morty", 7),
            RowFactory.create(3L, "Summer", null));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().readVersion()).isEqualTo(2);
  }

  @Test
  void anAppendRacingAMergeSchemaAppendKeepsBothAppends() throws Exception {
    String table = catalogRicks();
    CompletableFuture<Void> plain =
        pausedWrite(
            () ->
                spark
                    .range(3, 4)
                    .selectExpr("id", "'Summer' AS author")
                    .where("pause_once(id)")
                    .writeTo(table)
                    .append());
    df("2L AS id, 'Morty' AS author, 7 AS score")
        .writeTo(table)
        .option("mergeSchema", "true")
        .append();
    PauseOnce.resume();
    plain.get(60, TimeUnit.SECONDS);

    assertThat(columns("SELECT * FROM " + table)).containsExactly("id", "author", "score");
    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "Rick", null),
            RowFactory.create(2L, "Morty", 7),
            RowFactory.create(3L, "Summer", null));
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aColumnAddedByMergeSchemaHasNoDefaultEvenIfItsSourceHadOne() throws Exception {
    String table = catalogRicks();
    sql("CREATE TABLE %s (id BIGINT, lang STRING DEFAULT 'en')", t("source"));
    sql("INSERT INTO %s (id) VALUES (2)", t("source"));
    spark
        .table(t("source"))
        .selectExpr("id", "'Morty' AS author", "lang")
        .writeTo(table)
        .option("mergeSchema", "true")
        .append();
    sql("INSERT INTO %s (id, author) VALUES (3, 'Summer')", table);

    assertThat(rows("SELECT * FROM %s ORDER BY id", table))
        .containsExactly(
            RowFactory.create(1L, "Rick", null),
            RowFactory.create(2L, "Morty", "en"),
            RowFactory.create(3L, "Summer", null));
  }

  @Test
  void charAndVarcharLengthsAreCheckedInWritesThatAddColumns() {
    sql("CREATE TABLE %s (id BIGINT, code CHAR(2))", t("codes"));
    assertThatThrownBy(
            () ->
                df("1L AS id, 'abc' AS code, 5 AS score")
                    .writeTo(t("codes"))
                    .option("mergeSchema", "true")
                    .append())
        .hasMessageContaining("length limitation: 2");
    assertThat(lanceTable("codes").versions()).containsExactly(1L);
    assertThat(columns("SELECT * FROM " + t("codes"))).containsExactly("id", "code");
  }
}
