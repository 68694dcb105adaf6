package io.github.lancelot.spark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * The local filesystem under the scheme {@code failsegments}, where creating an index segment file
 * fails after the first one: a build whose tasks fail after others have written their files.
 */
public final class SegmentFailingFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "failsegments";
  private static final AtomicInteger SEGMENTS = new AtomicInteger();

  static Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs." + SCHEME + ".impl", SegmentFailingFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    conf.set("lancelot.commit.store." + SCHEME, "hard-link");
    return conf;
  }

  static void reset() {
    SEGMENTS.set(0);
  }

  @Override
  public java.net.URI getUri() {
    return java.net.URI.create(SCHEME + ":///");
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    if (f.getName().startsWith("segment-") && SEGMENTS.incrementAndGet() > 1) {
      throw new IOException("injected failure writing " + f);
    }
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }
}
