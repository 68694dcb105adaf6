package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.TableErrors;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Object stores without an atomic put-if-absent in this Hadoop version (S3A): commits from threads
 * of one process are serialized by a lock per file, and the written file is read back, so that a
 * second process writing the same version at the same time is detected and reported instead of
 * silently lost. Concurrent writers in several processes are not supported on such stores.
 */
final class SingleWriterLogStore implements LogStore {
  private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();
  private final FileSystem fs;
  private final String table;

  SingleWriterLogStore(FileSystem fs, String table) {
    this.fs = fs;
    this.table = table;
  }

  @Override
  public void writeIfAbsent(Path path, byte[] content) throws IOException {
    synchronized (LOCKS.computeIfAbsent(table, k -> new Object())) {
      if (fs.exists(path)) {
        throw new FileAlreadyExistsException(path.toString());
      }
      try (FSDataOutputStream out = fs.create(path, false)) {
        out.write(content);
      }
      byte[] stored;
      try (FSDataInputStream in = fs.open(path)) {
        stored = in.readAllBytes();
      }
      if (!Arrays.equals(stored, content)) {
        throw TableErrors.concurrentWriterOnSingleWriterStore(table, path.toString());
      }
    }
  }
}
