package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestCatalogSmoke extends CatalogTestBase {
  @Test
  void smoke() {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING COMMENT 'who', quote STRING) TBLPROPERTIES ('team'='ml')", t("q"));
    sql("INSERT INTO %s VALUES (1, 'Richard', 'Wubba'), (2, 'Morty', 'Rick')", t("q"));
    sql("INSERT INTO %s (quote, id, author) VALUES ('Pickle', 3, 'Richard')", t("q"));
    sql("SELECT * FROM %s", t("q")).show();
    sql("SELECT * FROM %s VERSION AS OF 2", t("q")).show();
    sql("ALTER TABLE %s ADD COLUMN vector_minilm VECTOR(4)", t("q")).show();
    sql("DESCRIBE HISTORY %s", t("q")).show(false);
    sql("DESCRIBE TABLE EXTENDED %s", t("q")).show(100, false);
    sql("SELECT * FROM %s.fragments", t("q")).show(false);
    sql("SHOW TABLES IN %s.db", catalog).show();
    assertThat(rows("SELECT * FROM %s", t("q"))).hasSize(3);
  }
}
