package io.github.lancelot.format.internal.store;

import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * HDFS and filesystems with the same guarantee (ABFS with hierarchical namespace, ViewFS over HDFS): writes a
 * hidden temp file and renames it without overwrite, which the namenode performs atomically.
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
      if (fs.exists(tmp) && fs.exists(path)) {
        // the rename was refused because the target exists (some filesystems say so with another exception)
        throw new FileAlreadyExistsException(path.toString());
      }
      throw e;
    } finally {
      TempFiles.deleteQuietly(fs, tmp);
    }
  }
}
