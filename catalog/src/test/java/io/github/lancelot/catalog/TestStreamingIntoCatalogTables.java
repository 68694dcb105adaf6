package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Operation;
import io.github.lancelot.testing.AcrossLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming queries writing into catalog tables with {@code toTable}. */
@AcrossLines
class TestStreamingIntoCatalogTables extends CatalogTestBase {
  @TempDir Path dir;

  private StreamingQuery runInto(String table, String checkpoint) throws Exception {
    StreamingQuery query =
        spark
            .readStream()
            .schema("id BIGINT, quote STRING")
            .option("maxFilesPerTrigger", 1)
            .json(dir.resolve("input").toString())
            .writeStream()
            .format("lance")
            .option("checkpointLocation", dir.resolve(checkpoint).toString())
            .trigger(Trigger.AvailableNow())
            .toTable(table);
    query.awaitTermination();
    return query;
  }

  private void addInput(String name, String... lines) throws Exception {
    Path input = Files.createDirectories(dir.resolve("input"));
    Path staged = Files.write(dir.resolve(name + ".tmp"), List.of(lines));
    Files.move(staged, input.resolve(name + ".json"));
  }

  private List<Long> ids(String table) {
    return spark.table(table).orderBy("id").select("id").as(Encoders.LONG()).collectAsList();
  }

  @Test
  void aQueryAppendsEachBatchToACatalogTableAsOneVersion() throws Exception {
    sql("CREATE TABLE %s.db.t (id BIGINT, quote STRING) USING lance", catalog);
    addInput("a", "{\"id\": 1, \"quote\": \"a\"}", "{\"id\": 2, \"quote\": \"b\"}");
    addInput("b", "{\"id\": 3, \"quote\": \"c\"}");

    StreamingQuery query = runInto(catalog + ".db.t", "cp");
    addInput("c", "{\"id\": 4, \"quote\": \"d\"}");
    runInto(catalog + ".db.t", "cp");

    assertThat(ids(catalog + ".db.t")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lanceTable("t").history())
        .extracting(CommitInfo::operation)
        .containsExactly(
            Operation.STREAMING_UPDATE,
            Operation.STREAMING_UPDATE,
            Operation.STREAMING_UPDATE,
            Operation.CREATE_TABLE);
    assertThat(lanceTable("t").latestSnapshot().batchVersion(query.id().toString())).isEqualTo(2);
    assertThat(rows("DESCRIBE HISTORY %s.db.t", catalog))
        .extracting(r -> r.getAs("operation").toString())
        .contains(Operation.STREAMING_UPDATE);
  }

  @Test
  void aQueryCreatesACatalogTableThatDoesNotExistWithItsColumns() throws Exception {
    addInput("a", "{\"id\": 1, \"quote\": \"a\"}");

    runInto(catalog + ".db.fresh", "cp");

    assertThat(ids(catalog + ".db.fresh")).containsExactly(1L);
    assertThat(columns("SELECT * FROM " + t("fresh"))).containsExactly("id", "quote");
  }
}
