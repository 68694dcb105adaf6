package io.github.lancelot.format.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.S3TestStore;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.testing.AcrossLines;
import io.github.lancelot.testing.s3.ConditionIgnoringProxy;
import io.github.lancelot.testing.s3.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commits on S3 through S3A against a real S3-compatible server: each commit file is created only
 * if absent by the store itself, a store that ignores the condition is refused, and a commit file
 * that already holds this very commit (a retried PUT) counts as written.
 */
@AcrossLines
class TestS3ConditionalCommits {
  @TempDir Path dir;

  private static final TableSchema SCHEMA =
      TableSchema.of(List.of(Field.nullable("id", new ArrowType.Int(64, true))));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(FileSystem fs, org.apache.hadoop.fs.Path path) throws Exception {
    try (FSDataInputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void s3aCommitsAreConditionalPutsThatRefuseAnExistingKeyUnlessItHoldsTheSameCommit()
      throws Exception {
    TableLocation location =
        new TableLocation(S3TestStore.newBucket("store") + "/t", S3TestStore.conf());
    LogStore store = LogStores.forTable(location);
    assertThat(store).isInstanceOf(S3ConditionalLogStore.class);
    org.apache.hadoop.fs.Path file =
        new org.apache.hadoop.fs.Path(location.root(), "_versions/00000000000000000001.json");

    store.writeIfAbsent(file, bytes("commit A\n"));
    // The same bytes again: a retry of a PUT that had succeeded, so it is this commit.
    store.writeIfAbsent(file, bytes("commit A\n"));
    assertThatThrownBy(() -> store.writeIfAbsent(file, bytes("commit B\n")))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(read(location.fs(), file)).isEqualTo("commit A\n");
  }

  @Test
  void aStoreThatOverwritesDespiteTheConditionIsRefusedAndTheTableIsLeftAsItWas() throws Exception {
    try (S3TestServer anonymous = S3TestServer.startAnonymous(dir);
        ConditionIgnoringProxy lying = new ConditionIgnoringProxy(anonymous)) {
      anonymous.createBucket("lying-store");
      Configuration conf =
          S3TestStore.with(new Configuration(), anonymous.s3aProperties(lying.endpoint()));
      Table table = Table.forPath("s3a://lying-store/t", conf);

      assertThatThrownBy(() -> table.createTable(SCHEMA, Map.of()).commit())
          .isInstanceOf(LancelotException.class)
          .hasMessageContaining("Refusing to commit to table s3a://lying-store/t")
          .hasMessageContaining("the object store at s3a://lying-store overwrote an object")
          .hasMessageContaining("lancelot.commit.store.s3a=single-writer");
      assertThat(lying.droppedConditions()).isGreaterThan(0);
      assertThat(table.exists()).isFalse();
      assertThat(Files.list(dir.resolve("buckets/lying-store/t/_versions")))
          .as("nothing left in the log folder")
          .isEmpty();

      // The verdict is kept: the next commit is refused without probing again.
      int dropped = lying.droppedConditions();
      assertThatThrownBy(() -> table.createTable(SCHEMA, Map.of()).commit())
          .hasMessageContaining("overwrote an object");
      assertThat(lying.droppedConditions()).isEqualTo(dropped);

      // Named by the user, the single-writer store commits on such a store.
      conf.set(LogStore.CONFIG_PREFIX + "s3a", "single-writer");
      Table singleWriter = Table.forPath("s3a://lying-store/t", conf);
      singleWriter.createTable(SCHEMA, Map.of()).commit();
      assertThat(singleWriter.versions()).containsExactly(1L);
    }
  }

  @Test
  void aFilesystemWithoutConditionalWritesIsRefusedWithWhatToConfigure() {
    Configuration conf = new Configuration();
    conf.set(LogStore.CONFIG_PREFIX + "file", "s3-conditional");
    Table table = Table.forPath(dir.resolve("t").toUri().toString(), conf);

    assertThatThrownBy(() -> table.createTable(SCHEMA, Map.of()).commit())
        .isInstanceOf(LancelotException.class)
        .hasMessageContaining("Refusing to commit to table")
        .hasMessageContaining("the filesystem for file:// (org.apache.hadoop.fs.LocalFileSystem)")
        .hasMessageContaining("fs.<scheme>.impl=org.apache.hadoop.fs.s3a.S3AFileSystem")
        .hasMessageContaining("lancelot.commit.store.file=single-writer");
    assertThat(table.exists()).isFalse();
  }
}
