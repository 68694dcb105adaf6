package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * CHAR(n) and VARCHAR(n) columns behave as Spark defines them for data source tables: a longer
 * value is refused on write, CHAR values read back padded to their length, and DESCRIBE shows the
 * declared type, also for such types inside structs, arrays and maps.
 */
@AcrossLines
class TestCharVarchar extends CatalogTestBase {
  @Test
  void lengthsAreCheckedOnWriteAndCharIsPaddedOnRead() {
    String t = t("codes");
    sql(
        "CREATE TABLE %s (id BIGINT, code CHAR(4), label VARCHAR(6), "
            + "tags ARRAY<VARCHAR(3)>, pair STRUCT<a: CHAR(2), b: VARCHAR(2)>, "
            + "names MAP<VARCHAR(2), CHAR(3)>)",
        t);
    sql(
        "INSERT INTO %s VALUES (1, 'ab', 'abcdef', array('x', 'xyz'), named_struct('a', 'q', 'b', 'r'), "
            + "map('k', 'v'))",
        t);

    assertThat(rows("DESCRIBE TABLE %s", t))
        .extracting(r -> r.getString(0) + " " + r.getString(1))
        .contains(
            "code char(4)",
            "label varchar(6)",
            "tags array<varchar(3)>",
            "pair struct<a:char(2),b:varchar(2)>",
            "names map<varchar(2),char(3)>");

    List<Row> rows = rows("SELECT code, length(code), label, tags, pair.a, names['k'] FROM %s", t);
    assertThat(rows).hasSize(1);
    Row row = rows.get(0);
    assertThat(row.getString(0)).isEqualTo("ab  ");
    assertThat(row.getInt(1)).isEqualTo(4);
    assertThat(row.getString(2)).isEqualTo("abcdef");

    assertThatThrownBy(() -> sql("INSERT INTO %s (id, label) VALUES (2, 'abcdefg')", t))
        .hasMessageContaining("length limitation: 6");
    assertThatThrownBy(() -> sql("INSERT INTO %s (id, code) VALUES (3, 'abcde')", t))
        .hasMessageContaining("length limitation: 4");
    assertThatThrownBy(() -> sql("INSERT INTO %s (id, tags) VALUES (4, array('abcd'))", t))
        .hasMessageContaining("length limitation: 3");
    assertThat(rows("SELECT id FROM %s", t)).hasSize(1);
    assertThat(rows("SELECT id FROM %s WHERE code = 'ab'", t))
        .as("CHAR comparisons pad the literal too")
        .hasSize(1);
    assertThat(
            spark
                .read()
                .format("lance")
                .load(warehouseUri() + "/db/codes")
                .selectExpr("code")
                .first()
                .getString(0))
        .as("read by path")
        .isEqualTo("ab  ");
    assertThat(lanceTable("codes").versions()).containsExactly(1L, 2L);
  }
}
