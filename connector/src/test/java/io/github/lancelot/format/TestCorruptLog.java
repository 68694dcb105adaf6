package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void logLinesEndingInCarriageReturnsBlankLinesAndNonAsciiTextReadAsWritten() throws IOException {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    table
        .newTransaction(base, Operation.APPEND)
        .appendFragments(TestTables.write(table, base.schema(), allocator, 1, 2))
        .operationParameter("note", "café 東京 \uD83D\uDE00")
        .commit();
    String content = Files.readString(commitFile(2));
    Files.writeString(commitFile(2), "\n" + content.replace("\n", "\r\n \n"));

    Snapshot read = table.latestSnapshot();

    assertThat(read.version()).isEqualTo(2);
    assertThat(read.commitInfo().operationParameters())
        .containsEntry("note", "café 東京 \uD83D\uDE00");
    assertThat(TestTables.ids(read, allocator)).containsExactly(1L, 2L);
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
        Files.readString(commitFile(1)).replace("\"writerVersion\":2", "\"writerVersion\":3"));
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

  // ------------------------------------------------------------------ paths outside the table

  /**
   * A table in {@code dir/w/t} whose version 4, written by hand, replaces fragment 2's data file by
   * {@code hostilePath}; returns the table. The victim, a readable Arrow file, is {@code
   * dir/victim/secret.arrow}.
   */
  Table tableReferencing(java.util.function.Function<Path, String> hostilePath) throws IOException {
    Path root = dir.resolve("w").resolve("t");
    Table table = TestTables.create(root, Map.of());
    TestTables.append(table, allocator, 1, 2);
    TestTables.append(table, allocator, 3);
    Path victim = Files.createDirectories(dir.resolve("victim")).resolve("secret.arrow");
    Fragment f = table.latestSnapshot().fragments().get(1);
    Files.copy(root.resolve(f.files().get(0).path()), victim);
    Path v3 = root.resolve("_versions").resolve(String.format("%020d.json", 3));
    String v4 =
        Files.readString(v3)
            .replace("\"version\":3", "\"version\":4")
            .replace(f.files().get(0).path(), hostilePath.apply(victim));
    Files.writeString(root.resolve("_versions").resolve(String.format("%020d.json", 4)), v4);
    return table;
  }

  Path victim() {
    return dir.resolve("victim").resolve("secret.arrow");
  }

  @Test
  void aDataFileOutsideTheTableIsNeverReadNorDeleted() throws IOException {
    for (java.util.function.Function<Path, String> hostile :
        List.<java.util.function.Function<Path, String>>of(
            v -> "../../victim/secret.arrow", v -> v.toUri().toString(), v -> v.toString())) {
      Table table = tableReferencing(hostile);
      byte[] secret = Files.readAllBytes(victim());
      assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
          .as(hostile.apply(victim()))
          .isInstanceOf(CorruptTableException.class)
          .hasMessageContaining("secret.arrow")
          .hasMessageContaining(table.location())
          .hasMessageContaining("outside the table's folder");
      assertThat(TestTables.ids(table.snapshotAt(3), allocator)).containsExactly(1L, 2L, 3L);
      assertThatThrownBy(
              () -> table.shallowClone(table.latestSnapshot(), dir.resolve("c").toString()))
          .hasMessageContaining("secret.arrow");
      assertThat(dir.resolve("victim").resolve("_refs")).doesNotExist();
      table.cleanup(new CleanupOptions(Long.MAX_VALUE, 1, false, true));
      assertThat(table.deleteUncommitted(table.latestSnapshot().fragments())).isEmpty();
      assertThat(victim()).exists();
      assertThat(Files.readAllBytes(victim())).isEqualTo(secret);
      deleteRecursively(dir.resolve("w"));
      Files.delete(victim());
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Test
  void aDeletionVectorOutsideTheTableIsNeverRead() throws IOException {
    Table table = tableWithThreeVersions();
    Fragment f = table.latestSnapshot().fragments().get(0);
    Transaction txn = table.newTransaction(table.latestSnapshot(), Operation.DELETE);
    txn.deleteRows(f.id(), org.roaringbitmap.RoaringBitmap.bitmapOf(0));
    Snapshot deleted = txn.commit();
    String dv = deleted.fragments().get(0).deletionFile().path();
    Path outside = Files.createDirectories(dir.getParent().resolve(dir.getFileName() + "-victim"));
    try {
      Files.copy(dir.resolve(dv), outside.resolve("x.bin"));
      Path v4 = commitFile(deleted.version());
      Files.writeString(
          v4, Files.readString(v4).replace(dv, "../" + dir.getFileName() + "-victim/x.bin"));
      assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
          .isInstanceOf(CorruptTableException.class)
          .hasMessageContaining("x.bin")
          .hasMessageContaining("outside the table's folder");
    } finally {
      deleteRecursively(outside);
    }
  }

  // ------------------------------------------------------------------ sizes and counts

  /** Commit 3 (fragment 2, one row) with {@code from} replaced by {@code to}, by regex. */
  void editCommit3(String from, String to) throws IOException {
    String before = Files.readString(commitFile(3));
    String after = before.replaceFirst(from, to);
    assertThat(after).as("edit of commit 3").isNotEqualTo(before);
    Files.writeString(commitFile(3), after);
  }

  @Test
  void absurdCountsAndSizesInTheLogAreRefusedBeforeReading() throws IOException {
    Map<String, String[]> cases = new java.util.LinkedHashMap<>();
    cases.put(
        "negative data file size",
        new String[] {"\"sizeInBytes\":\\d+", "\"sizeInBytes\":-5", "negative size (-5 bytes)"});
    cases.put(
        "2^40 rows",
        new String[] {
          "\"physicalRows\":1,", "\"physicalRows\":1099511627776,", "1099511627776 physicalRows"
        });
    cases.put(
        "negative row count",
        new String[] {"\"physicalRows\":1,", "\"physicalRows\":-1,", "-1 physicalRows"});
    cases.put(
        "a deletion vector deleting more rows than the fragment has",
        new String[] {
          "\"files\":",
          "\"deletionFile\":{\"path\":\"_deletions/x.bin\",\"cardinality\":4,"
              + "\"sizeInBytes\":18},\"files\":",
          "deletes 4 of its 1 rows"
        });
    cases.put(
        "a negative deletion vector size",
        new String[] {
          "\"files\":",
          "\"deletionFile\":{\"path\":\"_deletions/x.bin\",\"cardinality\":1,"
              + "\"sizeInBytes\":-5},\"files\":",
          "negative size or cardinality"
        });
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      Table table = tableWithThreeVersions();
      editCommit3(c.getValue()[0], c.getValue()[1]);
      assertThatThrownBy(table::latestSnapshot)
          .as(c.getKey())
          .isInstanceOf(CorruptTableException.class)
          .hasMessageContaining(commitFile(3).getFileName().toString())
          .hasMessageContaining("line 2 is not a valid action")
          .hasMessageContaining(c.getValue()[2]);
      assertThat(TestTables.ids(table.snapshotAt(2), allocator)).containsExactly(1L, 2L);
      deleteRecursively(dir);
      Files.createDirectories(dir);
    }
  }

  @Test
  void aDataFileOfAnotherSizeThanTheLogRecordsIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Fragment f = table.latestSnapshot().fragments().get(1);
    long size = f.files().get(0).sizeInBytes();
    for (long wrong : List.of(size + 7, size - 7, 1L << 40)) {
      editCommit3("\"sizeInBytes\":\\d+", "\"sizeInBytes\":" + wrong);
      assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
          .isInstanceOf(CorruptTableException.class)
          .hasMessageContaining(f.files().get(0).path().substring("data/".length()))
          .hasMessageContaining("records it as " + wrong + " bytes, but it has " + size);
    }
  }

  @Test
  void aFragmentWithMoreRowsThanItsFileHoldsIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Fragment f = table.latestSnapshot().fragments().get(1);
    editCommit3("\"physicalRows\":1,", "\"physicalRows\":3,");
    assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(f.files().get(0).path().substring("data/".length()))
        .hasMessageContaining("holds 1 rows where fragment " + f.id() + " has 3");
  }

  @Test
  void aDeletionVectorMarkingRowsBeyondTheFragmentIsAnErrorNamingIt() throws IOException {
    Table table = tableWithThreeVersions();
    Fragment f = table.latestSnapshot().fragments().get(0);
    Transaction txn = table.newTransaction(table.latestSnapshot(), Operation.DELETE);
    txn.deleteRows(f.id(), org.roaringbitmap.RoaringBitmap.bitmapOf(1));
    Snapshot deleted = txn.commit();
    Path dv = dir.resolve(deleted.fragments().get(0).deletionFile().path());
    try (var out = new java.io.DataOutputStream(Files.newOutputStream(dv))) {
      org.roaringbitmap.RoaringBitmap.bitmapOf(70_000).serialize(out);
    }
    Files.deleteIfExists(dv.resolveSibling("." + dv.getFileName() + ".crc"));
    assertThatThrownBy(() -> TestTables.ids(table.latestSnapshot(), allocator))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining(dv.getFileName().toString())
        .hasMessageContaining("deletes row offset 70000, but fragment " + f.id() + " has only 2");
  }

  // ------------------------------------------------------------------ checkpoints and the hint

  Path checkpointFile(long version) {
    return dir.resolve("_versions").resolve(String.format("%020d.checkpoint.json", version));
  }

  /** Versions 1 to 6, one row appended by each of 2 to 6, checkpoints at 2, 4 and 6. */
  Table tableWithCheckpoints() throws IOException {
    Table table = TestTables.create(dir, Map.of(TableProperties.CHECKPOINT_INTERVAL, "2"));
    for (long id = 1; id <= 5; id++) {
      TestTables.append(table, allocator, id);
    }
    assertThat(checkpointFile(6)).exists();
    TestVersionReplay.deleteChecksums(dir.resolve("_versions"));
    return table;
  }

  @Test
  void aCheckpointRecordingAnotherVersionThanItsNameIsNotUsed() throws IOException {
    Table table = tableWithCheckpoints();
    Files.copy(
        checkpointFile(4), checkpointFile(6), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(TestTables.ids(table.snapshotAt(6), allocator)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(table.latestSnapshot().version()).isEqualTo(6);
  }

  @Test
  void aCheckpointListingAFragmentTwiceIsNotUsed() throws IOException {
    Table table = tableWithCheckpoints();
    // fragment 5 relabelled as fragment 1, the header's count matching what is left
    String text = Files.readString(checkpointFile(6));
    String edited =
        text.replace("\"numFragments\":5", "\"numFragments\":4")
            .replace("{\"addFragment\":{\"id\":5,", "{\"addFragment\":{\"id\":1,");
    assertThat(edited).isNotEqualTo(text);
    Files.writeString(checkpointFile(6), edited);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator))
        .containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(TestTables.ids(table.snapshotAt(6), allocator)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aCheckpointAndHintBeyondTheLastCommitInventNoVersion() throws IOException {
    Table table = tableWithCheckpoints();
    Files.writeString(
        checkpointFile(9),
        Files.readString(checkpointFile(6)).replace("\"version\":6", "\"version\":9"));
    Files.writeString(
        dir.resolve("_versions").resolve("_last_checkpoint"), "{\"version\":9,\"numFragments\":5}");
    assertThat(table.versions()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(table.latestSnapshot().version()).isEqualTo(6);
    assertThatThrownBy(() -> table.snapshotAt(9))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("has no version 9");
    assertThatThrownBy(() -> table.snapshotAt(7))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("has no version 7");
    assertThat(TestTables.ids(table.snapshotAt(5), allocator)).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aHintNamingAMissingCheckpointFallsBackToListing() throws IOException {
    Table table = tableWithCheckpoints();
    Files.writeString(
        dir.resolve("_versions").resolve("_last_checkpoint"), "{\"version\":5,\"numFragments\":4}");
    assertThat(TestTables.ids(table.snapshotAt(5), allocator)).containsExactly(1L, 2L, 3L, 4L);
    assertThat(TestTables.ids(table.snapshotAt(6), allocator)).containsExactly(1L, 2L, 3L, 4L, 5L);
    Files.writeString(dir.resolve("_versions").resolve("_last_checkpoint"), "{\"version\":-3}");
    assertThat(TestTables.ids(table.snapshotAt(6), allocator)).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  // ------------------------------------------------------------------ tags and clone registrations

  @Test
  void aTagNamingAMissingVersionFailsNamingItAndCleanupKeepsTheTaggedVersion() throws IOException {
    Table table = tableWithThreeVersions();
    table.createTag("good", 2);
    Path tags = dir.resolve("_refs").resolve("tags");
    Files.writeString(tags.resolve("gone.json"), "{\"version\":99,\"created\":1}");
    Files.writeString(tags.resolve("negative.json"), "{\"version\":-4,\"created\":1}");
    Files.writeString(tags.resolve("not a tag.json"), "{\"version\":1,\"created\":1}");
    for (String tag : List.of("gone", "negative")) {
      assertThatThrownBy(() -> table.snapshotAtTag(tag))
          .isInstanceOf(VersionNotFoundException.class)
          .hasMessageContaining("Tag '" + tag + "'")
          .hasMessageContaining(table.location());
    }
    assertThat(table.tags()).extracting(Tag::name).containsExactly("gone", "good", "negative");
    table.cleanup(new CleanupOptions(Long.MAX_VALUE, 1, false, true));
    assertThat(table.versions()).containsExactly(2L, 3L);
    assertThat(TestTables.ids(table.snapshotAtTag("good"), allocator)).containsExactly(1L, 2L);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L, 2L, 3L);
  }

  @Test
  void cloneRegistrationsOfNoCloneNeitherFailNorWidenCleanup() throws IOException {
    Table table = tableWithThreeVersions();
    Table other = TestTables.create(dir.resolve("other"), Map.of());
    TestTables.append(other, allocator, 7);
    Path clones = Files.createDirectories(dir.resolve("_refs").resolve("clones"));
    Map<String, String> registrations =
        Map.of(
            "garbage", "::not a location",
            "self", table.location(),
            "other", other.location(),
            "missing", dir.resolve("nowhere").toUri().toString());
    for (Map.Entry<String, String> r : registrations.entrySet()) {
      Files.writeString(
          clones.resolve(r.getKey() + ".json"),
          "{\"location\":\"" + r.getValue() + "\",\"created\":1}");
    }
    CleanupResult result = table.cleanup(new CleanupOptions(Long.MAX_VALUE, 1, false, true));
    assertThat(result.versionsRemoved()).containsExactly(1L, 2L);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L, 2L, 3L);
    assertThat(TestTables.ids(other.latestSnapshot(), allocator)).containsExactly(7L);
    Fragment theirs = other.latestSnapshot().fragments().get(0);
    assertThat(dir.resolve("other").resolve(theirs.files().get(0).path())).exists();
  }
}
