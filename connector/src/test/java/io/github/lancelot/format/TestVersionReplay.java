package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/**
 * Every version of a 50-version table reads back exactly what it held, whether loaded from
 * checkpoints or by replaying every commit, and whatever happens to the checkpoints.
 */
class TestVersionReplay {
  static final int VERSIONS = 50;
  @TempDir Path dir;
  BufferAllocator allocator;

  /** The oracle: live ids and column names of each version, kept independently of the table. */
  final Map<Long, TreeSet<Long>> idsAt = new TreeMap<>();

  final Map<Long, List<String>> columnsAt = new TreeMap<>();

  @BeforeEach
  void open() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void close() {
    allocator.close();
  }

  /**
   * Builds the same 50 versions (appends, deletes, added columns, property changes) into a new
   * table.
   */
  Table build(Path path, int checkpointInterval) {
    idsAt.clear();
    columnsAt.clear();
    Table table =
        TestTables.create(
            path, Map.of(TableProperties.CHECKPOINT_INTERVAL, String.valueOf(checkpointInterval)));
    TreeSet<Long> live = new TreeSet<>();
    record(table.latestSnapshot(), live);
    Random random = new Random(42);
    long nextId = 1;
    while (table.latestSnapshot().version() < VERSIONS) {
      Snapshot base = table.latestSnapshot();
      int kind = random.nextInt(10);
      if (kind < 5 || base.fragments().isEmpty()) {
        long[] ids = new long[1 + random.nextInt(20)];
        for (int i = 0; i < ids.length; i++) {
          ids[i] = nextId++;
          live.add(ids[i]);
        }
        record(TestTables.append(table, allocator, ids), live);
      } else if (kind < 8) {
        Fragment victim = base.fragments().get(random.nextInt(base.fragments().size()));
        RoaringBitmap offsets = new RoaringBitmap();
        try (FragmentReader reader = base.newScan().select("id").build().open(victim, allocator)) {
          while (reader.hasNext()) {
            try (FragmentBatch b = reader.next()) {
              for (int i = 0; i < b.rowCount(); i++) {
                if (random.nextBoolean()) {
                  offsets.add((int) b.rowOffset(i));
                  live.remove(((BigIntVector) b.root().getVector(0)).get(i));
                }
              }
            }
          }
        }
        Transaction delete = table.newTransaction(base, Operation.DELETE);
        delete.deleteRows(victim.id(), offsets);
        record(delete.commit(), live);
      } else if (kind < 9) {
        Field extra = Field.nullable("extra_" + base.version(), new ArrowType.Int(32, true));
        record(
            table
                .newTransaction(base, Operation.ADD_COLUMNS)
                .setSchema(base.schema().withColumnAdded(extra))
                .commit(),
            live);
      } else {
        Map<String, String> props = new TreeMap<>(base.properties());
        props.put("note", "v" + (base.version() + 1));
        record(
            table.newTransaction(base, Operation.SET_PROPERTIES).setProperties(props).commit(),
            live);
      }
    }
    return table;
  }

  void record(Snapshot snapshot, TreeSet<Long> live) {
    idsAt.put(snapshot.version(), new TreeSet<>(live));
    columnsAt.put(
        snapshot.version(),
        snapshot.schema().columns().stream().map(TableSchema.Column::name).toList());
  }

  /**
   * Writers append only with the columns they know, so rows written before a column existed read it
   * as NULL.
   */
  void assertEveryVersionMatchesTheOracle(Table table) {
    assertThat(table.versions()).hasSize(VERSIONS);
    for (long v = 1; v <= VERSIONS; v++) {
      Snapshot s = table.snapshotAt(v);
      assertThat(s.version()).isEqualTo(v);
      assertThat(s.schema().columns())
          .extracting(TableSchema.Column::name)
          .as("columns of v%d", v)
          .containsExactlyElementsOf(columnsAt.get(v));
      assertThat(new TreeSet<>(TestTables.ids(s, allocator)))
          .as("ids of v%d", v)
          .isEqualTo(idsAt.get(v));
      assertThat(s.numRows()).as("row count of v%d", v).isEqualTo(idsAt.get(v).size());
      for (Map<String, String> row : TestTables.rows(s, allocator)) {
        assertThat(row.get("name")).isEqualTo("n" + row.get("id"));
        row.keySet().stream()
            .filter(k -> k.startsWith("extra_"))
            .forEach(k -> assertThat(row.get(k)).isEqualTo("null"));
      }
    }
  }

  @Test
  void everyVersionReadsBackExactlyWithAndWithoutCheckpoints() {
    Table checkpointed = build(dir.resolve("with"), 10);
    assertEveryVersionMatchesTheOracle(checkpointed);
    assertThat(checkpointFiles(dir.resolve("with")))
        .containsExactly(
            "00000000000000000010.checkpoint.json",
            "00000000000000000020.checkpoint.json",
            "00000000000000000030.checkpoint.json",
            "00000000000000000040.checkpoint.json",
            "00000000000000000050.checkpoint.json");

    Table replayed = build(dir.resolve("without"), 1000);
    assertThat(checkpointFiles(dir.resolve("without"))).isEmpty();
    assertEveryVersionMatchesTheOracle(replayed);
  }

  @Test
  void deletedOrCorruptCheckpointsFallBackToReplayingCommits() throws IOException {
    Path path = dir.resolve("t");
    Table table = build(path, 10);
    Path versions = path.resolve("_versions");
    Files.delete(versions.resolve("00000000000000000050.checkpoint.json"));
    Files.writeString(
        versions.resolve("00000000000000000040.checkpoint.json"), "{\"checkpoint\": garbage\n");
    Files.writeString(
        versions.resolve("00000000000000000030.checkpoint.json"),
        Files.readString(versions.resolve("00000000000000000030.checkpoint.json"))
            .lines()
            .limit(3)
            .reduce("", (a, b) -> a + b + "\n"));
    Files.writeString(versions.resolve("_last_checkpoint"), "not json");
    deleteChecksums(versions);
    assertEveryVersionMatchesTheOracle(table);
  }

  @Test
  void aVersionAfterACheckpointLoadsFromItWithoutTheEarlierCommits() throws IOException {
    Path path = dir.resolve("t");
    Table table = build(path, 10);
    List<Long> expected = new ArrayList<>(idsAt.get(15L));
    for (int v = 1; v <= 9; v++) {
      Files.delete(path.resolve("_versions").resolve(String.format("%020d.json", v)));
    }
    assertThat(TestTables.ids(table.snapshotAt(15), allocator))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator))
        .containsExactlyInAnyOrderElementsOf(idsAt.get(50L));
    Files.delete(path.resolve("_versions").resolve("_last_checkpoint"));
    assertThat(TestTables.ids(table.snapshotAt(15), allocator))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Hadoop's local checksums would catch the damage first; without them the format's own checks
   * must.
   */
  static void deleteChecksums(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(p);
      }
    }
  }

  static List<String> checkpointFiles(Path table) {
    try (var files = Files.list(table.resolve("_versions"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".checkpoint.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
