package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Object stores whose connector makes {@code create(path, overwrite=false)} a conditional write
 * that the store itself enforces (Google Cloud Storage: a generation precondition). The object
 * appears only when complete.
 */
final class CreateIfAbsentLogStore implements LogStore {
  private final FileSystem fs;

  CreateIfAbsentLogStore(FileSystem fs) {
    this.fs = fs;
  }

  @Override
  public void writeIfAbsent(Path path, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(path, false)) {
      out.write(content);
    }
  }
}
