package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * HDFS and filesystems with the same guarantee (ABFS with hierarchical namespace, ViewFS over
 * HDFS): writes a hidden temp file and renames it without overwrite, which the namenode performs
 * atomically.
 */
final class RenameLogStore implements LogStore {
  private final FileSystem fs;
  private final FileContext fc;

  RenameLogStore(FileSystem fs, FileContext fc) {
    this.fs = fs;
    this.fc = fc;
  }

  @Override
  public void writeIfAbsent(Path path, byte[] content) throws IOException {
    Path tmp = TempFiles.write(fs, path, content);
    try {
      fc.rename(tmp, path, Options.Rename.NONE);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (IOException e) {
      // The target may now hold this commit (a rename done as copy-then-delete) or another
      // writer's: the
      // committer tells them apart by transaction id, so report the outcome as unknown.
      throw e;
    } finally {
      TempFiles.deleteQuietly(fs, tmp);
    }
  }
}
