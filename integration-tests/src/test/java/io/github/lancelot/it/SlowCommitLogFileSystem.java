package io.github.lancelot.it;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local filesystem under the scheme {@code slowcommitlog:}, which pauses for {@value #PAUSE}
 * milliseconds (a Hadoop setting) before creating a file in a folder named {@code commits}: the
 * commit log of a streaming query's checkpoint. A query checkpointing here has committed a batch to
 * its sink for that long before it notes the batch as done, so a test can kill it in between.
 */
public class SlowCommitLogFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "slowcommitlog";
  public static final String PAUSE = "slowcommitlog.pause.millis";
  private static final URI NAME = URI.create(SCHEME + ":///");
  private long pauseMillis;

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(NAME, conf);
    pauseMillis = conf.getLong(PAUSE, 0);
  }

  private void pauseBeforeCommitLog(Path f) throws IOException {
    if (f.getParent() != null && f.getParent().getName().equals("commits") && pauseMillis > 0) {
      try {
        Thread.sleep(pauseMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted before writing " + f, e);
      }
    }
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
    pauseBeforeCommitLog(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    pauseBeforeCommitLog(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
