package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.Table;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A table addressed by its path behaves the same through the data source's catalog ({@code
 * lance_paths}) and through a Lance catalog ({@code lance.`/path`}): the same statements are
 * applied, refused and checked alike.
 */
class TestPathTablesSql extends CatalogTestBase {
  private String path;

  @BeforeEach
  void pathTable() throws Exception {
    path = Files.createTempDirectory("lance-path").resolve("t").toString();
    spark.range(3).toDF("id").write().format("lance").save(path);
  }

  private List<String> bothNames() {
    return List.of("lance_paths.`" + path + "`", catalog + ".`" + path + "`");
  }

  @Test
  void alterTableIsAppliedThroughEitherCatalog() {
    sql("ALTER TABLE lance_paths.`%s` ADD COLUMN score INT", path);
    sql("ALTER TABLE %s.`%s` RENAME COLUMN score TO stars", catalog, path);
    sql("ALTER TABLE lance_paths.`%s` SET TBLPROPERTIES ('team'='ml')", path);
    assertThat(spark.read().format("lance").load(path).schema().fieldNames())
        .containsExactly("id", "stars");
    Table table = Table.forPath(path, spark.sessionState().newHadoopConf());
    assertThat(table.versions()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(table.latestSnapshot().properties()).containsEntry("team", "ml");
  }

  @Test
  void neitherCatalogDropsOrRenamesATableAddressedByPath() {
    for (String name : bothNames()) {
      assertThatThrownBy(() -> sql("DROP TABLE %s", name))
          .hasMessageContaining("Cannot drop table")
          .hasMessageContaining("delete its folder");
      assertThatThrownBy(() -> sql("ALTER TABLE %s RENAME TO db.moved", name))
          .hasMessageContaining("not to or from a path");
    }
    assertThat(spark.read().format("lance").load(path).count()).isEqualTo(3);
  }

  @Test
  void bothCatalogsRefusePartitioningAndOtherProviders() throws Exception {
    String other = Files.createTempDirectory("lance-path").resolve("p").toString();
    assertThatThrownBy(
            () -> spark.range(3).toDF("id").write().format("lance").partitionBy("id").save(other))
        .hasMessageContaining("cannot be partitioned");
    for (String catalogName : List.of("lance_paths", catalog)) {
      assertThatThrownBy(
              () -> sql("CREATE TABLE %s.`%s` (id INT) USING parquet", catalogName, other))
          .hasMessageContaining("cannot use provider 'parquet'");
      assertThatThrownBy(
              () ->
                  sql(
                      "CREATE TABLE %s.`%s` (id INT, d DATE) PARTITIONED BY (d)",
                      catalogName, other))
          .hasMessageContaining("cannot be partitioned");
    }
    assertThat(Table.forPath(other, spark.sessionState().newHadoopConf()).exists()).isFalse();
  }

  @Test
  void createAndReplaceByPathWorkInBothCatalogs() throws Exception {
    String created = Files.createTempDirectory("lance-path").resolve("c").toString();
    sql("CREATE TABLE lance_paths.`%s` (id BIGINT) USING lance", created);
    assertThatThrownBy(() -> sql("CREATE TABLE %s.`%s` (id BIGINT)", catalog, created))
        .hasMessageContaining("already exists");
    sql("REPLACE TABLE %s.`%s` USING lance AS SELECT 7L AS id", catalog, created);
    sql("CREATE OR REPLACE TABLE lance_paths.`%s` USING lance AS SELECT 8L AS id", created);
    assertThat(rows("SELECT id FROM %s.`%s`", catalog, created))
        .extracting(r -> r.getLong(0))
        .containsExactly(8L);
    assertThat(rows("SELECT id FROM lance_paths.`%s` VERSION AS OF 2", created))
        .extracting(r -> r.getLong(0))
        .containsExactly(7L);
  }
}
