package io.github.lancelot.format.internal.store;

import static org.apache.hadoop.fs.Options.CreateFileOptionKeys.FS_OPTION_CREATE_CONDITIONAL_OVERWRITE;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.RemoteFileChangedException;

/**
 * A conditional create through Hadoop's own API (Hadoop 3.4.2 and later): {@code createFile} with
 * {@code fs.option.create.conditional.overwrite}, which S3A sends as {@code If-None-Match: *} and
 * checks when the stream closes.
 */
final class S3ConditionalPut {
  static final String REMEDY =
      S3ConditionalRefusals.USE_S3A + " with fs.s3a.create.conditional.enabled=true (the default)";
  private static final String CREATE_PERFORMANCE = "fs.s3a.create.performance";

  private S3ConditionalPut() {}

  static boolean isAvailable(FileSystem fs, Path path) throws IOException {
    return fs.hasPathCapability(path, FS_OPTION_CREATE_CONDITIONAL_OVERWRITE);
  }

  static void putIfAbsent(FileSystem fs, Path path, byte[] content) throws IOException {
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(path);
    builder.overwrite(false);
    builder.must(FS_OPTION_CREATE_CONDITIONAL_OVERWRITE, true);
    // The store checks existence itself: no HEAD or LIST before the PUT.
    builder.opt(CREATE_PERFORMANCE, true);
    try (FSDataOutputStream out = builder.build()) {
      out.write(content);
    } catch (RemoteFileChangedException | FileAlreadyExistsException e) {
      throw S3ConditionalRefusals.alreadyExists(path, e);
    }
  }
}
