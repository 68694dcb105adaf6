package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.internal.log.LogCodec;
import io.github.lancelot.format.internal.log.LogFiles;
import io.github.lancelot.format.internal.log.json.CloneJson;
import io.github.lancelot.format.internal.log.json.Json;
import io.github.lancelot.format.internal.log.json.LastCheckpointJson;
import io.github.lancelot.format.internal.log.json.TagJson;
import io.github.lancelot.testing.AcrossLines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table written once by an earlier build and checked in ({@code golden/table}): nine versions
 * with a create, appends, a delete through a deletion vector, added columns with defaults, a
 * widened column, a restore, a checkpoint at version 5, a tag and a clone reference. Every version
 * must still read the same, and the log's JSON must be written byte for byte as it was, so a change
 * to the format's classes cannot change the format.
 */
@AcrossLines
class TestGoldenTable {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();
  Table table;

  @BeforeEach
  void copyGoldenTable() throws IOException, URISyntaxException {
    Path source = Path.of(TestGoldenTable.class.getResource("/golden/table").toURI());
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    table = Table.forPath(dir.toUri().toString(), new Configuration());
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void everyVersionReadsItsRowsAndSchema() {
    assertThat(table.versions()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertVersion(1, "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)");
    assertVersion(2, "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)", "1/n1", "2/n2", "3/n3");
    assertVersion(
        3,
        "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)",
        "1/n1",
        "2/n2",
        "3/n3",
        "4/n4",
        "5/n5");
    assertVersion(
        4, "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)", "1/n1", "3/n3", "4/n4", "5/n5");
    String added = "id:Int(64, true) name:Utf8 vec:FixedSizeList(4) score:Int(32, true) label:Utf8";
    assertVersion(5, added, "1/n1/7/none", "3/n3/7/none", "4/n4/7/none", "5/n5/7/none");
    assertVersion(
        6,
        added,
        "1/n1/7/none",
        "3/n3/7/none",
        "4/n4/7/none",
        "5/n5/7/none",
        "6/n6/42/real",
        "7/n7/null/null");
    String widened =
        "id:Int(64, true) name:Utf8 vec:FixedSizeList(4) score:Int(64, true) label:Utf8";
    assertVersion(
        7,
        widened,
        "1/n1/7/none",
        "3/n3/7/none",
        "4/n4/7/none",
        "5/n5/7/none",
        "6/n6/42/real",
        "7/n7/null/null");
    assertVersion(
        8,
        "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)",
        "1/n1",
        "2/n2",
        "3/n3",
        "4/n4",
        "5/n5");
    assertVersion(
        9,
        "id:Int(64, true) name:Utf8 vec:FixedSizeList(4)",
        "1/n1",
        "2/n2",
        "3/n3",
        "4/n4",
        "5/n5",
        "8/n8");
  }

  private void assertVersion(long version, String schema, String... rows) {
    Snapshot s = table.snapshotAt(version);
    assertThat(s.version()).isEqualTo(version);
    assertThat(describe(s.schema())).as("schema of version %d", version).isEqualTo(schema);
    List<String> actual = new ArrayList<>();
    for (Map<String, String> row : TestTables.rows(s, allocator)) {
      StringBuilder b = new StringBuilder(row.get("id")).append('/').append(row.get("name"));
      if (row.containsKey("score")) {
        b.append('/').append(row.get("score")).append('/').append(row.get("label"));
      }
      actual.add(b.toString());
    }
    assertThat(actual).as("rows of version %d", version).containsExactly(rows);
    assertThat(s.numRows()).isEqualTo(rows.length);
  }

  private static String describe(TableSchema schema) {
    return String.join(
        " ", schema.columns().stream().map(c -> c.name() + ":" + c.field().getType()).toList());
  }

  @Test
  void writesToTheTableStayUncompressedAsItDeclaresNoCodec() {
    assertThat(table.latestSnapshot().properties()).doesNotContainKey(WriteOptions.COMPRESSION);
    assertThat(WriteOptions.from(table.latestSnapshot().properties()).compression())
        .isEqualTo(WriteOptions.Compression.NONE);
  }

  @Test
  void schemaDetailsHistoryCheckpointAndTagsReadAsWritten() {
    Snapshot v7 = table.snapshotAt(7);
    assertThat(v7.schema().lastFieldId()).isEqualTo(5);
    assertThat(v7.schema().column("score").orElseThrow().id()).isEqualTo(4);
    assertThat(v7.schema().column("score").orElseThrow().field().getMetadata())
        .containsEntry("lancelot:default", "7");
    assertThat(v7.schema().column("label").orElseThrow().field().getMetadata())
        .containsEntry("lancelot:default", "\"none\"");
    assertThat(table.snapshotAt(8).schema().lastFieldId()).isEqualTo(5);
    assertThat(v7.properties())
        .containsExactly(Map.entry(TableProperties.CHECKPOINT_INTERVAL, "5"));

    assertThat(table.history())
        .extracting(CommitInfo::operation)
        .containsExactly(
            Operation.APPEND,
            Operation.RESTORE,
            Operation.CHANGE_SCHEMA,
            Operation.APPEND,
            Operation.ADD_COLUMNS,
            Operation.DELETE,
            Operation.APPEND,
            Operation.APPEND,
            Operation.CREATE_TABLE);
    CommitInfo delete = table.snapshotAt(4).commitInfo();
    assertThat(delete.operationParameters()).containsExactly(Map.entry("predicate", "id = 2"));
    assertThat(delete.operationMetrics())
        .containsEntry("numDeletedRows", 1L)
        .containsEntry("numRewrittenFragments", 1L);
    assertThat(delete.readVersion()).isEqualTo(3);
    assertThat(delete.blindAppend()).isFalse();
    assertThat(delete.engineInfo()).isEqualTo("Lancelot/dev");
    assertThat(delete.numActions()).isEqualTo(2);
    assertThat(table.snapshotAt(8).commitInfo().operationParameters())
        .containsExactly(Map.entry("version", "3"));

    Fragment deleted = table.snapshotAt(4).fragments().get(0);
    assertThat(deleted.id()).isEqualTo(1);
    assertThat(deleted.deletionFile().cardinality()).isEqualTo(1);
    assertThat(table.snapshotAt(4).deletedRows(deleted).contains(1)).isTrue();
    assertThat(deleted.stats().get(1)).isEqualTo(new ColumnStats(1, 3, 0));
    assertThat(deleted.stats().get(2)).isEqualTo(new ColumnStats("n1", "n3", 0));
    assertThat(deleted.stats().get(3)).isEqualTo(new ColumnStats(null, null, 0));
    assertThat(deleted.files())
        .extracting(DataFile::fieldIds)
        .containsExactly(List.of(1), List.of(2), List.of(3));

    assertThat(table.tags())
        .extracting(Tag::name, Tag::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("before-restore", 7L));
    assertThat(TestTables.ids(table.snapshotAtTag("before-restore"), allocator))
        .containsExactly(1L, 3L, 4L, 5L, 6L, 7L);
  }

  @Test
  void commitsAndCheckpointsAreReEncodedByteForByte() throws IOException {
    List<Path> logFiles;
    try (Stream<Path> s = Files.list(dir.resolve("_versions"))) {
      logFiles =
          s.filter(
                  p ->
                      LogFiles.commitVersion(p.getFileName().toString()).isPresent()
                          || LogFiles.checkpointVersion(p.getFileName().toString()).isPresent())
              .sorted()
              .toList();
    }
    assertThat(logFiles).hasSize(10);
    for (Path file : logFiles) {
      byte[] stored = Files.readAllBytes(file);
      byte[] reEncoded =
          LogCodec.encode(LogCodec.decode(new ByteArrayInputStream(stored), file.toString()));
      assertThat(new String(reEncoded, java.nio.charset.StandardCharsets.UTF_8))
          .as(file.getFileName().toString())
          .isEqualTo(new String(stored, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(reEncoded).isEqualTo(stored);
    }
  }

  @Test
  void tagsCloneReferencesAndTheLastCheckpointHintAreReEncodedByteForByte() throws IOException {
    Path tag = dir.resolve("_refs/tags/before-restore.json");
    assertThat(Json.writeBytes(Json.read(Files.readString(tag), TagJson.class)))
        .isEqualTo(Files.readAllBytes(tag));
    Path hint = dir.resolve("_versions/" + LogFiles.LAST_CHECKPOINT);
    assertThat(Json.read(Files.readString(hint), LastCheckpointJson.class).version()).isEqualTo(5);
    assertThat(Json.writeBytes(Json.read(Files.readString(hint), LastCheckpointJson.class)))
        .isEqualTo(Files.readAllBytes(hint));
    List<Path> clones;
    try (Stream<Path> s = Files.list(dir.resolve("_refs/clones"))) {
      clones = s.toList();
    }
    assertThat(clones).hasSize(1);
    CloneJson clone = Json.read(Files.readString(clones.get(0)), CloneJson.class);
    assertThat(clone.location()).isEqualTo("file:/tmp/golden/clone");
    assertThat(Json.writeBytes(clone)).isEqualTo(Files.readAllBytes(clones.get(0)));
  }

  @Test
  void aSchemaSurvivesJavaSerializationThroughItsJsonForm()
      throws IOException, ClassNotFoundException {
    TableSchema schema = table.snapshotAt(7).schema();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(schema);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(schema);
    }
  }
}
