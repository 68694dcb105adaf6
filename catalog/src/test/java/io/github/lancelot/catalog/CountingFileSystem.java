package io.github.lancelot.catalog;

import io.github.lancelot.format.LogStore;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under the scheme {@code counting}, counting reads of tables' logs: listings
 * of a {@code _versions} folder and files opened in one, so that a test can state how much of the
 * log an operation reads. Registered with {@code fs.counting.impl} (see {@link #configure}). The
 * connector's tests keep the same class: a shared test jar would have to be built before the
 * examples can run.
 */
public final class CountingFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "counting";
  private static final AtomicInteger LOG_LISTINGS = new AtomicInteger();
  private static final AtomicInteger LOG_OPENS = new AtomicInteger();

  /**
   * Makes {@code counting:} paths use this filesystem, committing with hard links as on the local
   * disk.
   */
  public static void configure(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", CountingFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    conf.set(LogStore.CONFIG_PREFIX + SCHEME, "hard-link");
  }

  /** A new configuration under which {@code counting:} paths use this filesystem. */
  public static Configuration conf() {
    Configuration conf = new Configuration();
    configure(conf);
    return conf;
  }

  /** The {@code counting:} URI of a local folder. */
  public static String uri(java.nio.file.Path dir) {
    return SCHEME + "://" + dir.toAbsolutePath().toUri().getPath();
  }

  public static void reset() {
    LOG_LISTINGS.set(0);
    LOG_OPENS.set(0);
  }

  /** Listings of a {@code _versions} folder since the last {@link #reset()}. */
  public static int logListings() {
    return LOG_LISTINGS.get();
  }

  /** Files opened in a {@code _versions} folder since the last {@link #reset()}. */
  public static int logOpens() {
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
  public FileStatus[] listStatus(Path f) throws IOException {
    if (f.getName().equals("_versions")) {
      LOG_LISTINGS.incrementAndGet();
    }
    return super.listStatus(f);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getParent() != null && f.getParent().getName().equals("_versions")) {
      LOG_OPENS.incrementAndGet();
    }
    return super.open(f, bufferSize);
  }
}
