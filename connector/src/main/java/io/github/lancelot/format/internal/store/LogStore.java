package io.github.lancelot.format.internal.store;

import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;

/**
 * The one primitive commits need from storage: create a file with the given content only if no file exists at
 * that path, atomically with respect to every other writer, and never make a partly written file visible.
 */
public interface LogStore {
  /**
   * Writes {@code content} to {@code path} if nothing is there.
   *
   * @throws FileAlreadyExistsException another writer created the path first; nothing was written
   * @throws IOException the outcome is unknown: the file may or may not have been created
   */
  void writeIfAbsent(Path path, byte[] content) throws IOException;
}
