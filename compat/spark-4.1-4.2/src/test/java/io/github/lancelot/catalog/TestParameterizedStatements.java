package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spark 4.1 and later bind the arguments of {@code spark.sql(text, args)} while parsing. With
 * Lancelot's extension in the session, statements on Lance tables keep their named ({@code :name})
 * and positional ({@code ?}) arguments, and Lancelot's own statements take them too.
 */
@AcrossLines
class TestParameterizedStatements extends CatalogTestBase {
  private String table;

  @BeforeEach
  void events() {
    table = t("events");
    sql("CREATE TABLE %s (id BIGINT, name STRING)", table);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", table);
  }

  private List<Long> ids() {
    return rows("SELECT id FROM %s ORDER BY id", table).stream().map(r -> r.getLong(0)).toList();
  }

  @Test
  void aQueryWithNamedArgumentsReturnsTheMatchingRows() {
    List<Row> rows =
        spark
            .sql(
                "SELECT id, name FROM " + table + " WHERE id >= :low AND name <> :skip ORDER BY id",
                Map.<String, Object>of("low", 2L, "skip", "c"))
            .collectAsList();
    assertThat(rows).containsExactly(RowFactory.create(2L, "b"));
  }

  @Test
  void anInsertWithPositionalArgumentsWritesThem() {
    spark.sql("INSERT INTO " + table + " VALUES (?, ?)", new Object[] {4L, "d"}).collect();
    assertThat(rows("SELECT name FROM %s WHERE id = 4", table))
        .containsExactly(RowFactory.create("d"));
  }

  @Test
  void aDeleteWithANamedArgumentDeletesTheMatchingRows() {
    spark
        .sql("DELETE FROM " + table + " WHERE id = :id", Map.<String, Object>of("id", 2L))
        .collect();
    assertThat(ids()).containsExactly(1L, 3L);
  }

  @Test
  void anUpdateWithPositionalArgumentsUpdatesTheMatchingRows() {
    spark.sql("UPDATE " + table + " SET name = ? WHERE id = ?", new Object[] {"z", 3L}).collect();
    assertThat(rows("SELECT name FROM %s WHERE id = 3", table))
        .containsExactly(RowFactory.create("z"));
  }

  @Test
  void lancelotStatementsTakeArgumentsToo() {
    long versionWithThreeRows = rows("DESCRIBE HISTORY %s LIMIT 1", table).get(0).getLong(0);
    sql("DELETE FROM %s WHERE id = 1", table);
    spark
        .sql(
            "RESTORE TABLE " + table + " TO VERSION AS OF :version",
            Map.<String, Object>of("version", versionWithThreeRows))
        .collect();
    assertThat(ids()).containsExactly(1L, 2L, 3L);
    assertThat(spark.sql("DESCRIBE HISTORY " + table + " LIMIT ?", new Object[] {1}).count())
        .isEqualTo(1);
  }

  @Test
  void aLancelotStatementMissingAnArgumentNamesIt() {
    assertThatThrownBy(
            () ->
                spark
                    .sql(
                        "RESTORE TABLE " + table + " TO VERSION AS OF :version",
                        Map.<String, Object>of("other", 1))
                    .collect())
        .hasMessageContaining(":version");
  }
}
