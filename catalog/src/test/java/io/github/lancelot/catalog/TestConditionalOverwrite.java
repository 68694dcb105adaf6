package io.github.lancelot.catalog;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/**
 * {@code df.writeTo(t).overwrite(condition)} and {@code INSERT INTO t REPLACE WHERE condition}: the
 * rows matching the condition are replaced by the written rows in one version, found without
 * bringing them to the driver, and fragments whose statistics prove that all their rows match are
 * removed without being read.
 */
class TestConditionalOverwrite extends CatalogTestBase {

  List<Long> ids(String table) {
    return rows("SELECT id FROM %s ORDER BY id", table).stream().map(r -> r.getLong(0)).toList();
  }

  /** Three fragments: ids 0-9, 10-19 and 20-29, each with {@code bucket = id % 3}. */
  void threeFragments(String name) {
    sql("CREATE TABLE %s (id BIGINT, bucket BIGINT)", t(name));
    for (int i = 0; i < 3; i++) {
      sql(
          "INSERT INTO %s SELECT id, id %% 3 FROM range(%d, %d, 1, 1)",
          t(name), i * 10, i * 10 + 10);
    }
  }

  @Test
  void aConditionalOverwriteSendsTheDriverOneBitmapPerFragmentNotTheMatchingRows()
      throws Exception {
    sql(
        "CREATE TABLE %s (id BIGINT, bucket BIGINT) TBLPROPERTIES ('max-rows-per-fragment'='5000')",
        t("o"));
    sql("INSERT INTO %s SELECT id, id %% 2 FROM range(0, 20000, 1, 2)", t("o"));
    List<Fragment> fragments = lanceTable("o").latestSnapshot().fragments();
    assertThat(fragments).hasSize(4);

    StatementActivity overwrite =
        StatementActivity.of(
            spark,
            () ->
                spark
                    .sql("SELECT -1L AS id, 0L AS bucket")
                    .writeTo(t("o"))
                    .overwrite(col("bucket").equalTo(0)));

    // Every query the overwrite ran that returned rows to the driver returned row offsets as one
    // bitmap per fragment: 4 records for the 10000 matching rows.
    List<StatementActivity.Query> collected =
        overwrite.queries.stream().filter(q -> q.action().startsWith("collect")).toList();
    assertThat(collected).hasSize(1);
    StructType returned = collected.get(0).execution().executedPlan().schema();
    assertThat(returned.fields())
        .extracting(f -> f.dataType())
        .containsExactly(DataTypes.LongType, DataTypes.BinaryType);
    InternalRow[] records = collected.get(0).execution().executedPlan().executeCollect();
    assertThat(records.length).isLessThanOrEqualTo(fragments.size());
    long offsets = 0;
    for (InternalRow record : records) {
      RoaringBitmap rows = new RoaringBitmap();
      rows.deserialize(ByteBuffer.wrap(record.getBinary(1)));
      offsets += rows.getLongCardinality();
    }
    assertThat(offsets).isEqualTo(10000);

    assertThat(rows("SELECT count(*), min(id), sum(bucket) FROM %s", t("o")).get(0).toString())
        .isEqualTo("[10001,-1,10000]");
    assertThat(lanceTable("o").versions()).containsExactly(1L, 2L, 3L);
    assertThat(lanceTable("o").latestSnapshot().commitInfo().operationMetrics())
        .containsEntry("numDeletedRows", 10000L)
        .containsEntry("numAddedRows", 1L);
  }

  @Test
  void anOverwriteOverFragmentsWithDeletedRowsReplacesOnlyTheLiveMatchingRows() throws Exception {
    threeFragments("o");
    sql("DELETE FROM %s WHERE id IN (1, 4, 13, 15)", t("o"));
    Snapshot before = lanceTable("o").latestSnapshot();

    spark
        .sql("SELECT 100L AS id, 1L AS bucket UNION ALL SELECT 101L, 1L")
        .writeTo(t("o"))
        .overwrite(col("bucket").equalTo(1).and(col("id").lt(20)));

    // Rows with bucket 1 below 20: 1, 4, 7, 10, 13, 16, 19; 1, 4 and 13 were already deleted.
    assertThat(ids(t("o")))
        .containsExactly(
            0L, 2L, 3L, 5L, 6L, 8L, 9L, 11L, 12L, 14L, 17L, 18L, 20L, 21L, 22L, 23L, 24L, 25L, 26L,
            27L, 28L, 29L, 100L, 101L);
    Snapshot after = lanceTable("o").latestSnapshot();
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.commitInfo().operation()).isEqualTo("OVERWRITE");
    assertThat(after.commitInfo().operationMetrics())
        .containsEntry("numDeletedRows", 4L)
        .containsEntry("numAddedRows", 2L);
    // The third fragment has no matching row: it is kept as it was.
    Fragment third = before.fragments().get(2);
    assertThat(after.fragments()).contains(third);
    assertThat(ids(t("o") + " VERSION AS OF " + before.version())).hasSize(26);
  }

  @Test
  void fragmentsWhoseRowsAllMatchAreRemovedWithoutBeingRead() throws Exception {
    threeFragments("o");
    sql("DELETE FROM %s WHERE id = 12", t("o"));
    Snapshot before = lanceTable("o").latestSnapshot();
    Fragment second = before.fragments().get(1);
    // Its data files are gone: the overwrite can only succeed if it never reads them.
    for (DataFile file : second.files()) {
      Files.delete(warehouse.resolve("db").resolve("o").resolve(file.path()));
    }

    spark
        .sql("SELECT 50L AS id, 2L AS bucket")
        .writeTo(t("o"))
        .overwrite(col("id").geq(10).and(col("id").lt(20)));

    Snapshot after = lanceTable("o").latestSnapshot();
    assertThat(after.fragments()).extracting(Fragment::id).doesNotContain(second.id());
    assertThat(after.fragments()).contains(before.fragments().get(0), before.fragments().get(2));
    assertThat(after.commitInfo().operationMetrics()).containsEntry("numDeletedRows", 9L);
    assertThat(ids(t("o")))
        .containsExactly(
            0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L, 28L,
            29L, 50L);
  }

  @Test
  void aConditionMatchingNoRowOnlyAppendsTheWrittenRows() throws Exception {
    threeFragments("o");
    Snapshot before = lanceTable("o").latestSnapshot();

    spark.sql("SELECT 30L AS id, 0L AS bucket").writeTo(t("o")).overwrite(col("id").gt(1000));

    Snapshot after = lanceTable("o").latestSnapshot();
    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.commitInfo().operation()).isEqualTo("OVERWRITE");
    assertThat(after.commitInfo().operationMetrics())
        .containsEntry("numDeletedRows", 0L)
        .containsEntry("numAddedRows", 1L);
    assertThat(after.fragments()).containsAll(before.fragments()).hasSize(4);
    assertThat(ids(t("o"))).hasSize(31).contains(30L);
  }

  @Test
  void insertIntoReplaceWhereReplacesTheMatchingRowsInOneVersion() {
    threeFragments("o");
    Snapshot before = lanceTable("o").latestSnapshot();

    sql("INSERT INTO %s REPLACE WHERE bucket = 2 SELECT id + 100, 2L FROM range(2)", t("o"));

    assertThat(rows("SELECT id FROM %s WHERE bucket = 2 ORDER BY id", t("o")))
        .extracting(r -> r.getLong(0))
        .containsExactly(100L, 101L);
    assertThat(ids(t("o"))).hasSize(20 + 2);
    assertThat(lanceTable("o").latestSnapshot().version()).isEqualTo(before.version() + 1);
    assertThat(lanceTable("o").latestSnapshot().commitInfo().operationMetrics())
        .containsEntry("numDeletedRows", 10L);
  }

  @Test
  void aConditionOnAMissingColumnIsRefusedNamingItAndChangesNothing() throws IOException {
    threeFragments("o");
    Snapshot before = lanceTable("o").latestSnapshot();

    assertThatThrownBy(
            () ->
                spark
                    .sql("SELECT 30L AS id, 0L AS bucket")
                    .writeTo(t("o"))
                    .overwrite(col("colour").equalTo("red")))
        .hasMessageContaining("colour");

    assertThat(lanceTable("o").latestSnapshot().version()).isEqualTo(before.version());
    assertThat(ids(t("o"))).hasSize(30);
    assertThat(dataFilesOnDisk("o"))
        .isEqualTo(
            before.fragments().stream()
                .flatMap(f -> f.files().stream())
                .map(DataFile::path)
                .collect(Collectors.toSet()));
  }

  @Test
  void whenTheMatchingRowsCannotBeReadTheWrittenFilesAreDeletedAndNothingIsCommitted()
      throws Exception {
    threeFragments("o");
    Snapshot before = lanceTable("o").latestSnapshot();
    Set<String> filesBefore = dataFilesOnDisk("o");
    // The second fragment holds rows that may match; one of its data files is gone.
    String lost = before.fragments().get(1).files().get(0).path();
    Files.delete(warehouse.resolve("db").resolve("o").resolve(lost));

    assertThatThrownBy(
            () ->
                spark
                    .sql("SELECT 50L AS id, 2L AS bucket")
                    .writeTo(t("o"))
                    .overwrite(col("bucket").equalTo(2)))
        .hasStackTraceContaining(lost.substring("data/".length()));

    assertThat(lanceTable("o").latestSnapshot().version()).isEqualTo(before.version());
    Set<String> left = new java.util.HashSet<>(filesBefore);
    left.remove(lost);
    assertThat(dataFilesOnDisk("o")).isEqualTo(left);
    assertThat(Files.exists(warehouse.resolve("db").resolve("o").resolve("_deletions"))).isFalse();
  }

  private Set<String> dataFilesOnDisk(String name) throws IOException {
    try (var files = Files.list(warehouse.resolve("db").resolve(name).resolve("data"))) {
      return files
          .map(f -> "data/" + f.getFileName())
          .filter(n -> n.endsWith(".arrow"))
          .collect(Collectors.toSet());
    }
  }
}
