package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableProperties;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.junit.jupiter.api.Test;

/**
 * A new table compresses its data files with Lancelot's default codec and says so in its
 * properties; a table that asks for another codec, or none, gets it, and a table created before the
 * default existed (no {@code compression} property) keeps writing uncompressed.
 */
class TestDefaultCompression extends CatalogTestBase {
  private static final String ROWS =
      "SELECT id, concat('quote number ', id % 50) AS quote, id * 0.5 AS val FROM range(0, 3000)";

  private Map<String, String> tblproperties(String table) {
    return rows("SHOW TBLPROPERTIES %s", t(table)).stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  /** The buffer codecs of the record batches in the data files of {@code fragments}. */
  private static Set<CompressionUtil.CodecType> codecs(Table table, List<Fragment> fragments) {
    Set<CompressionUtil.CodecType> out = new TreeSet<>();
    Path root = Path.of(new org.apache.hadoop.fs.Path(table.location()).toUri().getPath());
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Fragment fragment : fragments) {
        for (DataFile file : fragment.files()) {
          out.addAll(codecsOf(root.resolve(file.path()), allocator));
        }
      }
    }
    return out;
  }

  private static Set<CompressionUtil.CodecType> codecsOf(Path file, BufferAllocator allocator) {
    Set<CompressionUtil.CodecType> out = new TreeSet<>();
    try (FileChannel channel = FileChannel.open(file);
        ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
      for (ArrowBlock block : reader.getRecordBlocks()) {
        channel.position(block.getOffset());
        try (ArrowRecordBatch batch =
            MessageSerializer.deserializeRecordBatch(new ReadChannel(channel), block, allocator)) {
          out.add(
              CompressionUtil.CodecType.fromCompressionType(batch.getBodyCompression().getCodec()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("reading " + file, e);
    }
    return out;
  }

  /** The codecs of the latest version's data files. */
  private static Set<CompressionUtil.CodecType> codecs(Table table) {
    return codecs(table, table.latestSnapshot().fragments());
  }

  /** The codecs of the data files of the fragments {@code version} added. */
  private static Set<CompressionUtil.CodecType> codecsAddedAt(Table table, long version) {
    Set<Long> before =
        version == 1
            ? Set.of()
            : table.snapshotAt(version - 1).fragments().stream()
                .map(Fragment::id)
                .collect(Collectors.toSet());
    return codecs(
        table,
        table.snapshotAt(version).fragments().stream()
            .filter(f -> !before.contains(f.id()))
            .toList());
  }

  private static CompressionUtil.CodecType defaultCodec() {
    return TableProperties.NEW_TABLE_COMPRESSION.equals("zstd")
        ? CompressionUtil.CodecType.ZSTD
        : CompressionUtil.CodecType.LZ4_FRAME;
  }

  @Test
  void aNewTableRecordsTheDefaultCodecAndItsWritesUseIt() {
    sql("CREATE TABLE %s (id BIGINT, quote STRING, val DOUBLE)", t("created"));
    sql("INSERT INTO %s %s", t("created"), ROWS);
    sql("CREATE TABLE %s AS %s", t("ctas"), ROWS);

    for (String table : List.of("created", "ctas")) {
      assertThat(tblproperties(table))
          .as(table)
          .containsEntry("compression", TableProperties.NEW_TABLE_COMPRESSION);
      assertThat(codecs(lanceTable(table))).as(table).containsExactly(defaultCodec());
      assertThat(rows("SELECT count(*), sum(id) FROM %s", t(table)).get(0).toString())
          .isEqualTo("[3000,4498500]");
    }
  }

  @Test
  void aTableCreatedWithCompressionNoneStaysUncompressed() {
    sql("CREATE TABLE %s TBLPROPERTIES ('compression' = 'none') AS %s", t("plain"), ROWS);
    sql("INSERT INTO %s %s", t("plain"), ROWS);

    assertThat(tblproperties("plain")).containsEntry("compression", "none");
    assertThat(codecs(lanceTable("plain")))
        .containsExactly(CompressionUtil.CodecType.NO_COMPRESSION);
  }

  @Test
  void aTableWithoutTheCompressionPropertyKeepsWritingUncompressed() throws Exception {
    sql("CREATE TABLE %s AS %s", t("older"), ROWS);
    // What a table created before the default existed looks like: no compression property.
    sql("ALTER TABLE %s UNSET TBLPROPERTIES ('compression')", t("older"));

    sql("INSERT INTO %s %s", t("older"), ROWS);
    spark.sql(ROWS).writeTo(t("older")).append();

    Table table = lanceTable("older");
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.properties()).doesNotContainKey("compression");
    assertThat(codecsAddedAt(table, latest.version() - 1))
        .containsExactly(CompressionUtil.CodecType.NO_COMPRESSION);
    assertThat(codecsAddedAt(table, latest.version()))
        .containsExactly(CompressionUtil.CodecType.NO_COMPRESSION);
  }

  @Test
  void aWriteOptionOverridesTheTableCodecForThatWriteOnly() throws Exception {
    sql("CREATE TABLE %s AS %s", t("q"), ROWS);

    spark.sql(ROWS).writeTo(t("q")).option("compression", "none").append();
    sql("INSERT INTO %s %s", t("q"), ROWS);

    Table table = lanceTable("q");
    long latest = table.latestSnapshot().version();
    assertThat(codecsAddedAt(table, latest - 1))
        .containsExactly(CompressionUtil.CodecType.NO_COMPRESSION);
    assertThat(codecsAddedAt(table, latest)).containsExactly(defaultCodec());
    assertThat(tblproperties("q"))
        .containsEntry("compression", TableProperties.NEW_TABLE_COMPRESSION);
  }

  @Test
  void aPathWriteThatCreatesTheTableRecordsTheDefaultCodecAndAWriteOptionAppliesToItsOwnRows() {
    String path = warehouse.resolve("by-path").toString();

    spark.sql(ROWS).write().format("lance").option("compression", "none").save(path);
    spark.sql(ROWS).write().format("lance").mode("append").save(path);

    Table table = Table.forPath(path, spark.sessionState().newHadoopConf());
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.properties())
        .containsEntry("compression", TableProperties.NEW_TABLE_COMPRESSION);
    assertThat(codecsAddedAt(table, latest.version() - 1))
        .containsExactly(CompressionUtil.CodecType.NO_COMPRESSION);
    assertThat(codecsAddedAt(table, latest.version())).containsExactly(defaultCodec());
  }
}
