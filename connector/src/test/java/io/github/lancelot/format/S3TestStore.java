package io.github.lancelot.format;

import io.github.lancelot.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The tests' S3: the test JVM's {@linkplain S3TestServer#shared() shared} S3-compatible server on
 * loopback, reached through S3A, with a fresh bucket per test.
 */
public final class S3TestStore {
  private S3TestStore() {}

  /** A new empty bucket, as an {@code s3a://} URI without a trailing slash. */
  public static String newBucket(String purpose) {
    return S3TestServer.shared().newBucket(purpose);
  }

  /** A Hadoop configuration that reaches the server through S3A. */
  public static Configuration conf() {
    return with(new Configuration(), S3TestServer.shared().s3aProperties());
  }

  public static Configuration with(Configuration conf, Map<String, String> properties) {
    properties.forEach(conf::set);
    return conf;
  }

  /** The same configuration as a Hadoop XML file, for a writer in another process. */
  public static Path confFile(Path dir) {
    try {
      return S3TestServer.shared().writeS3aSite(dir.resolve("s3a-site.xml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
