package io.github.lancelot.format.internal.io;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Opens a file whose length is already known (from a listing, or recorded in the log), telling the
 * filesystem so: an object store then need not ask for the object's metadata before reading it (on
 * S3A, one HEAD request fewer per file). Filesystems that do not know the option ignore it, and a
 * missing file is still reported as {@link java.io.FileNotFoundException}, when it is opened or at
 * the latest at the first read.
 */
public final class KnownLengthFiles {
  /** Hadoop's standard {@code openFile()} option for the length of the file to open. */
  static final String LENGTH = "fs.option.openfile.length";

  private KnownLengthFiles() {}

  public static FSDataInputStream open(FileSystem fs, Path path, long length) throws IOException {
    return FutureIO.awaitFuture(fs.openFile(path).opt(LENGTH, Long.toString(length)).build());
  }
}
