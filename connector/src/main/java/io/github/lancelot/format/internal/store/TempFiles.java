package io.github.lancelot.format.internal.store;

import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Hidden temporary files beside a commit's target, which readers and listings ignore. */
final class TempFiles {
  private TempFiles() {}

  static Path write(FileSystem fs, Path target, byte[] content) throws IOException {
    Path tmp =
        new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try (FSDataOutputStream out = fs.create(tmp, false)) {
      out.write(content);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(fs, tmp);
      throw e;
    }
    return tmp;
  }

  static void deleteQuietly(FileSystem fs, Path tmp) {
    try {
      fs.delete(tmp, false);
    } catch (IOException ignored) {
      // an orphaned hidden temp file is harmless; cleanup removes it
    }
  }
}
