package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table created through the format's API records Lancelot's default codec unless its creator
 * names one; a table without the property (created before the default existed) is written
 * uncompressed, and a shallow clone keeps its source's properties as they are.
 */
class TestNewTableCompression {
  @TempDir Path dir;

  private Table table(String name) {
    return Table.forPath(dir.resolve(name).toString(), new Configuration());
  }

  @Test
  void aTableCreatedWithoutACodecRecordsTheDefaultAndWritesWithIt() {
    Snapshot created = table("t").createTable(TestTables.schema(), Map.of("owner", "ml")).commit();

    assertThat(created.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("owner", "ml", "compression", TableProperties.NEW_TABLE_COMPRESSION));
    assertThat(WriteOptions.from(created.properties()).compression())
        .isNotEqualTo(WriteOptions.Compression.NONE);
  }

  @Test
  void aTableCreatedWithCompressionNoneKeepsIt() {
    Snapshot created =
        table("t").createTable(TestTables.schema(), Map.of("compression", "none")).commit();

    assertThat(created.properties()).containsExactly(Map.entry("compression", "none"));
    assertThat(WriteOptions.from(created.properties()).compression())
        .isEqualTo(WriteOptions.Compression.NONE);
  }

  @Test
  void aTableWithoutTheCompressionPropertyIsWrittenUncompressed() {
    Table table = table("older");
    Snapshot created = table.createTable(TestTables.schema(), Map.of()).commit();
    Snapshot older =
        table
            .newTransaction(created, Operation.SET_PROPERTIES)
            .setProperties(Map.of("owner", "ml"))
            .commit();

    assertThat(WriteOptions.from(older.properties()).compression())
        .isEqualTo(WriteOptions.Compression.NONE);

    Table clone = table.shallowClone(older, dir.resolve("clone").toString());
    assertThat(clone.latestSnapshot().properties()).containsExactly(Map.entry("owner", "ml"));
  }
}
