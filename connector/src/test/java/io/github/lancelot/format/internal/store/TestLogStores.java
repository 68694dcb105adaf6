package io.github.lancelot.format.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.testing.AcrossLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each commit store creates a file only if absent, and exactly one of several racing writers wins.
 */
@AcrossLines
class TestLogStores {
  @TempDir Path dir;

  LogStore store(String name) {
    Configuration conf = new Configuration();
    conf.set(LogStore.CONFIG_PREFIX + "file", name);
    return LogStores.forTable(new TableLocation(dir.toString(), conf));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hard-link", "rename", "create-if-absent", "single-writer"})
  void writesOnceAndRefusesAnExistingFile(String name) throws Exception {
    LogStore store = store(name);
    org.apache.hadoop.fs.Path target =
        new org.apache.hadoop.fs.Path(dir.toUri().toString(), "00001.json");
    store.writeIfAbsent(target, "first\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () -> store.writeIfAbsent(target, "second\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(dir.resolve("00001.json"))).isEqualTo("first\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
          .isEmpty();
    }
  }

  @Test
  void exactlyOneOfManyRacingHardLinkWritersWins() throws Exception {
    LogStore store = store("hard-link");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        org.apache.hadoop.fs.Path target =
            new org.apache.hadoop.fs.Path(dir.toUri().toString(), round + ".json");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
          byte[] content = ("writer " + w + "\n").getBytes(StandardCharsets.UTF_8);
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      store.writeIfAbsent(target, content);
                      return true;
                    } catch (FileAlreadyExistsException e) {
                      return false;
                    }
                  }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> r : results) {
          winners += r.get() ? 1 : 0;
        }
        assertThat(winners).as("winners of round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStoreIsChosenByScheme() {
    assertThat(LogStores.defaultFor("file")).isEqualTo("hard-link");
    assertThat(LogStores.defaultFor("hdfs")).isEqualTo("rename");
    assertThat(LogStores.defaultFor("abfss")).isEqualTo("rename");
    assertThat(LogStores.defaultFor("gs")).isEqualTo("create-if-absent");
    assertThat(LogStores.defaultFor("s3a")).isEqualTo("s3-conditional");
    assertThat(LogStores.defaultFor("s3")).isEqualTo("s3-conditional");
    assertThat(LogStores.defaultFor("oss")).isEqualTo("single-writer");
    assertThat(LogStores.defaultFor("wasbs")).isEqualTo("single-writer");
  }

  @Test
  void anUnknownStoreNameIsAClearError() {
    assertThatThrownBy(() -> store("carrier-pigeon"))
        .isInstanceOf(LancelotException.class)
        .hasMessageContaining("Unknown commit store 'carrier-pigeon' for scheme file");
  }

  /** A user's store, named by class in the configuration: it sees every commit and every tag. */
  public static final class RecordingStore implements LogStore {
    static final List<String> WRITTEN = java.util.Collections.synchronizedList(new ArrayList<>());
    private final FileSystem fs;

    public RecordingStore(FileSystem fs) {
      this.fs = fs;
    }

    @Override
    public void writeIfAbsent(org.apache.hadoop.fs.Path path, byte[] content)
        throws java.io.IOException {
      try (FSDataOutputStream out = fs.create(path, false)) {
        out.write(content);
      }
      WRITTEN.add(path.getParent().getName() + "/" + path.getName());
    }
  }

  @Test
  void aStoreClassNamedInTheConfigurationWritesCommitsAndTags() {
    RecordingStore.WRITTEN.clear();
    Configuration conf = new Configuration();
    conf.set(LogStore.CONFIG_PREFIX + "file", RecordingStore.class.getName());
    Table table = Table.forPath(dir.toUri().toString(), conf);
    table
        .createTable(
            TableSchema.of(List.of(Field.nullable("id", new ArrowType.Int(64, true)))), Map.of())
        .commit();
    table.createTag("first", 1);
    assertThat(RecordingStore.WRITTEN)
        .containsExactly("_versions/00000000000000000001.json", "tags/first.json");
    assertThat(table.snapshotAtTag("first").version()).isEqualTo(1);
  }

  @Test
  void aStoreClassWithoutTheRightConstructorIsAClearError() {
    assertThatThrownBy(() -> store(String.class.getName()))
        .isInstanceOf(LancelotException.class)
        .hasMessageContaining("Unknown commit store 'java.lang.String' for scheme file");
  }
}
