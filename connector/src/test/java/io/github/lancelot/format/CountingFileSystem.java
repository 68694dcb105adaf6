package io.github.lancelot.format;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under the scheme {@code counting}, counting how often a file of a table's log
 * ({@code _versions/}) is opened, so that a test can state how much of the log an operation reads.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "counting";
  private static final AtomicInteger LOG_OPENS = new AtomicInteger();

  /** A configuration under which {@code counting:} paths use this filesystem. */
  static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs." + SCHEME + ".impl", CountingFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    return conf;
  }

  /** The {@code counting:} URI of a local folder. */
  static String uri(java.nio.file.Path dir) {
    return SCHEME + "://" + dir.toAbsolutePath().toUri().getPath();
  }

  static void reset() {
    LOG_OPENS.set(0);
  }

  static int logOpens() {
    return LOG_OPENS.get();
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
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getParent() != null && f.getParent().getName().equals("_versions")) {
      LOG_OPENS.incrementAndGet();
    }
    return super.open(f, bufferSize);
  }
}
