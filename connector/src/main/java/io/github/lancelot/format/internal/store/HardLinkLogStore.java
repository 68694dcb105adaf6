package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Local filesystem: writes a hidden temp file, then hard-links it to the target. {@code link(2)}
 * fails if the target exists, atomically across processes, which a rename on the local filesystem
 * does not guarantee.
 */
final class HardLinkLogStore implements LogStore {
  private final FileSystem fs;

  HardLinkLogStore(FileSystem fs) {
    this.fs = fs;
  }

  @Override
  public void writeIfAbsent(Path path, byte[] content) throws IOException {
    Path tmp = TempFiles.write(fs, path, content);
    try {
      Files.createLink(localFile(path).toPath(), localFile(tmp).toPath());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(path.toString());
    } finally {
      TempFiles.deleteQuietly(fs, tmp);
    }
  }

  private File localFile(Path p) {
    if (fs instanceof LocalFileSystem local) {
      return local.pathToFile(p);
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(p);
    }
    throw new IllegalStateException(
        "hard-link commits need the local filesystem, not " + fs.getUri());
  }
}
