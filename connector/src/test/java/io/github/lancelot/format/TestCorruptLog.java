package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged log is never read around: each kind of damage is an error naming the file at fault. */
class TestCorruptLog {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  Path commitFile(long version) {
    return dir.resolve("_versions").resolve(String.format("%020d.json", version));
  }

  Table tableWithThreeVersions() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2);
    TestTables.append(table, allocator, 3);
    return table;
  }

  @Test
  void aTruncatedCommitFileIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    byte[] bytes = Files.readAllBytes(commitFile(3));
    Files.write(commitFile(3), java.util.Arrays.copyOf(bytes, bytes.length - 20));
    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(commitFile(3).getFileName().toString())
        .hasMessageContaining("truncated");
    assertThat(TestTables.ids(table.snapshotAt(2), allocator)).containsExactly(1L, 2L);
  }

  @Test
  void aCommitFileCutAtALineBoundaryIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    String content = Files.readString(commitFile(2));
    Files.writeString(commitFile(2), content.substring(0, content.indexOf('\n') + 1));
    assertThatThrownBy(() -> table.snapshotAt(2))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(commitFile(2).getFileName().toString())
        .hasMessageContaining("holds 1 actions but records");
  }

  @Test
  void aGarbageCommitFileIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Files.writeString(commitFile(3), "PK\u0003\u0004 this is not json\n");
    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(commitFile(3).toString().substring(1))
        .hasMessageContaining("line 1 is not a valid action");
  }

  @Test
  void anEmptyCommitFileIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Files.write(commitFile(2), new byte[0]);
    assertThatThrownBy(() -> table.snapshotAt(3))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(commitFile(2).getFileName().toString())
        .hasMessageContaining("empty");
  }

  @Test
  void aMissingCommitInTheMiddleIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Files.delete(commitFile(2));
    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("missing the commit of version 2");
  }

  @Test
  void aCommitRecordingAnotherVersionIsAnError() throws IOException {
    Table table = tableWithThreeVersions();
    Files.writeString(
        commitFile(3), Files.readString(commitFile(3)).replace("\"version\":3", "\"version\":7"));
    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("records version 7 where version 3 was expected");
  }

  @Test
  void unknownFieldsAndActionsFromNewerWritersAreIgnored() throws IOException {
    Table table = tableWithThreeVersions();
    String content =
        Files.readString(commitFile(3))
            .replace("{\"commitInfo\":{", "{\"commitInfo\":{\"futureField\":[1,2],")
            .replace("\"numActions\":2", "\"numActions\":3");
    Files.writeString(commitFile(3), content + "{\"futureAction\":{\"x\":1}}\n");
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aNewerReaderProtocolIsRefusedClearly() throws IOException {
    Table table = tableWithThreeVersions();
    Files.writeString(
        commitFile(1),
        Files.readString(commitFile(1)).replace("\"readerVersion\":1", "\"readerVersion\":9"));
    assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(UnsupportedProtocolException.class)
        .hasMessageContaining("requires reader protocol version 9")
        .hasMessageContaining(table.location());
  }

  @Test
  void aNewerWriterProtocolIsRefusedBeforeWriting() throws IOException {
    Table table = tableWithThreeVersions();
    Files.writeString(
        commitFile(1),
        Files.readString(commitFile(1)).replace("\"writerVersion\":1", "\"writerVersion\":3"));
    Snapshot base = table.latestSnapshot();
    assertThatThrownBy(() -> table.newTransaction(base, Operation.APPEND).commit())
        .isInstanceOf(UnsupportedProtocolException.class)
        .hasMessageContaining("requires writer protocol version 3");
    assertThat(table.versions()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aMissingDataFileIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Fragment f = table.latestSnapshot().fragments().get(0);
    Path data = dir.resolve(f.files().get(0).path());
    Files.delete(data);
    assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(data.getFileName().toString());
  }
}
