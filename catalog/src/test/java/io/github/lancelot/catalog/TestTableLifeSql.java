package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A table's whole life in SQL, checked version by version afterwards: every version reads back with
 * exactly the schema and rows it had, and the history says what made it.
 */
class TestTableLifeSql extends CatalogTestBase {

  record Expected(String operation, List<String> columns, List<String> rows) {}

  List<String> rowsOf(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void everyVersionOfATablesLifeReadsBackExactly() {
    String q = t("life");
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING, quote STRING)", q);
    sql(
        "INSERT INTO %s VALUES (1, 'Richard', 'Wubba Lubba Dub Dub!'), (2, 'Morty', 'Rick, what\\'s going on?')",
        q);
    sql("ALTER TABLE %s ADD COLUMN score INT", q);
    sql("INSERT INTO %s VALUES (3, 'Richard', 'I turned myself into a pickle, Morty!', 5)", q);
    sql("ALTER TABLE %s RENAME COLUMN author TO speaker", q);
    sql("ALTER TABLE %s DROP COLUMN score", q);
    sql("INSERT OVERWRITE %s SELECT id, upper(speaker), quote FROM %s", q, q);
    sql("REPLACE TABLE %s AS SELECT id, quote FROM %s VERSION AS OF 2", q, q);

    Map<Long, Expected> expected =
        Map.of(
            1L, new Expected("CREATE TABLE", List.of("id", "author", "quote"), List.of()),
            2L,
                new Expected(
                    "APPEND",
                    List.of("id", "author", "quote"),
                    List.of(
                        "[1,Richard,Wubba Lubba Dub Dub!]", "[2,Morty,Rick, what's going on?]")),
            3L,
                new Expected(
                    "ADD COLUMNS",
                    List.of("id", "author", "quote", "score"),
                    List.of(
                        "[1,Richard,Wubba Lubba Dub Dub!,null]",
                        "[2,Morty,Rick, what's going on?,null]")),
            4L,
                new Expected(
                    "APPEND",
                    List.of("id", "author", "quote", "score"),
                    List.of(
                        "[1,Richard,Wubba Lubba Dub Dub!,null]",
                        "[2,Morty,Rick, what's going on?,null]",
                        "[3,Richard,I turned myself into a pickle, Morty!,5]")),
            5L,
                new Expected(
                    "CHANGE SCHEMA",
                    List.of("id", "speaker", "quote", "score"),
                    List.of(
                        "[1,Richard,Wubba Lubba Dub Dub!,null]",
                        "[2,Morty,Rick, what's going on?,null]",
                        "[3,Richard,I turned myself into a pickle, Morty!,5]")),
            6L,
                new Expected(
                    "CHANGE SCHEMA",
                    List.of("id", "speaker", "quote"),
                    List.of(
                        "[1,Richard,Wubba Lubba Dub Dub!]",
                        "[2,Morty,Rick, what's going on?]",
                        "[3,Richard,I turned myself into a pickle, Morty!]")),
            7L,
                new Expected(
                    "OVERWRITE",
                    List.of("id", "speaker", "quote"),
                    List.of(
                        "[1,RICHARD,Wubba Lubba Dub Dub!]",
                        "[2,MORTY,Rick, what's going on?]",
                        "[3,RICHARD,I turned myself into a pickle, Morty!]")),
            8L,
                new Expected(
                    "REPLACE TABLE",
                    List.of("id", "quote"),
                    List.of("[1,Wubba Lubba Dub Dub!]", "[2,Rick, what's going on?]")));

    List<Row> history = rows("DESCRIBE HISTORY %s", q);
    assertThat(history)
        .extracting(r -> r.getLong(0))
        .containsExactly(8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    for (Row h : history) {
      long v = h.getLong(0);
      Expected e = expected.get(v);
      String at = "SELECT * FROM " + q + " VERSION AS OF " + v;
      assertThat(h.getString(2)).as("operation of v%d", v).isEqualTo(e.operation());
      assertThat(columns(at)).as("columns of v%d", v).containsExactlyElementsOf(e.columns());
      assertThat(rowsOf(at)).as("rows of v%d", v).containsExactlyElementsOf(e.rows());
      assertThat(rowsOf("SELECT * FROM " + q + " TIMESTAMP AS OF '" + h.getTimestamp(1) + "'"))
          .as("rows at the time of v%d", v)
          .containsExactlyElementsOf(e.rows());
    }
    assertThat(rowsOf("SELECT * FROM " + q)).containsExactlyElementsOf(expected.get(8L).rows());
  }
}
