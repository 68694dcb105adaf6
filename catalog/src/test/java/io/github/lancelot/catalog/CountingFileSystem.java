package io.github.lancelot.catalog;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under the scheme {@code countfs}, counting reads of tables' logs: listings of a
 * {@code _versions} folder and opened files in one. Registered with {@code fs.countfs.impl}.
 */
public class CountingFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "countfs";
  static final AtomicInteger LOG_LISTINGS = new AtomicInteger();
  static final AtomicInteger LOG_FILES_OPENED = new AtomicInteger();

  static void reset() {
    LOG_LISTINGS.set(0);
    LOG_FILES_OPENED.set(0);
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    if (f.getName().equals("_versions")) {
      LOG_LISTINGS.incrementAndGet();
    }
    return super.listStatus(f);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getParent() != null && f.getParent().getName().equals("_versions")) {
      LOG_FILES_OPENED.incrementAndGet();
    }
    return super.open(f, bufferSize);
  }
}
