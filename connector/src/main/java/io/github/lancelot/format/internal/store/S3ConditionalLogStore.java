package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.TableErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * S3 and S3-compatible stores through S3A: every commit file is one PUT with {@code If-None-Match:
 * *}, which the store itself refuses when the key exists, so of several writers in any number of
 * processes exactly one wins a version, with no lock service. How the conditional PUT is sent
 * depends on the line's Hadoop ({@link S3ConditionalPut}).
 *
 * <p>A store that ignores the condition would silently let a second writer overwrite a commit, so
 * {@link ConditionalWriteProbe} checks each store once before its first commit. When the store
 * refuses a PUT because the key exists, the key may hold this very commit: the client retried a PUT
 * whose first attempt had succeeded. The stored file is then read back and compared.
 */
final class S3ConditionalLogStore implements LogStore {
  private final FileSystem fs;
  private final String table;
  private final String scheme;

  S3ConditionalLogStore(FileSystem fs, String table, String scheme) {
    this.fs = fs;
    this.table = table;
    this.scheme = scheme;
  }

  @Override
  public void writeIfAbsent(Path path, byte[] content) throws IOException {
    if (!S3ConditionalPut.isAvailable(fs, path)) {
      throw TableErrors.noConditionalWrites(
          table, scheme, fs.getClass().getName(), S3ConditionalPut.REMEDY);
    }
    ConditionalWriteProbe.verify(
        fs, path.getParent(), (p, bytes) -> S3ConditionalPut.putIfAbsent(fs, p, bytes), table);
    try {
      S3ConditionalPut.putIfAbsent(fs, path, content);
    } catch (FileAlreadyExistsException e) {
      if (!holds(path, content)) {
        throw e;
      }
    }
  }

  private boolean holds(Path path, byte[] content) throws IOException {
    try (FSDataInputStream in = fs.open(path)) {
      return Arrays.equals(in.readAllBytes(), content);
    } catch (FileNotFoundException e) {
      return false;
    }
  }
}
