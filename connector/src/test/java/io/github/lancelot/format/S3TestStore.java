package io.github.lancelot.format;

import io.github.lancelot.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;

/**
 * The tests' S3: one real S3-compatible server on loopback for the whole test JVM, started on first
 * use and stopped when the JVM exits, with a fresh bucket per test.
 */
public final class S3TestStore {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer server;

  private S3TestStore() {}

  public static synchronized S3TestServer server() {
    if (server == null) {
      try {
        S3TestServer started = S3TestServer.start(Files.createTempDirectory("lancelot-s3"));
        Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        server = started;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return server;
  }

  /** A new empty bucket, as an {@code s3a://} URI without a trailing slash. */
  public static String newBucket(String purpose) {
    String name =
        (purpose + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    try {
      server().createBucket(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "s3a://" + name;
  }

  /** A Hadoop configuration that reaches the server through S3A. */
  public static Configuration conf() {
    return with(new Configuration(), server().s3aProperties());
  }

  public static Configuration with(Configuration conf, Map<String, String> properties) {
    properties.forEach(conf::set);
    return conf;
  }

  /** The same configuration as a Hadoop XML file, for a writer in another process. */
  public static Path confFile(Path dir) {
    Configuration conf = with(new Configuration(false), server().s3aProperties());
    Path file = dir.resolve("s3a-site.xml");
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
