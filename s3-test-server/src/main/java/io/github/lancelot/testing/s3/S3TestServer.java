package io.github.lancelot.testing.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real S3-compatible server (S3Proxy over its filesystem backend) on a loopback port, in a child
 * JVM: the tests' object store. Every bucket is a folder under the server's data folder, made by
 * {@link #createBucket}. Requests are signed and checked (AWS signature V2 or V4) unless the server
 * is started {@linkplain #startAnonymous anonymous}.
 */
public final class S3TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "lancelot-test";
  public static final String SECRET_KEY = "lancelot-test-secret";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final String LOG_CONFIG =
      """
      <configuration>
        <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d %level %logger - %msg%n</pattern></encoder>
        </appender>
        <root level="WARN"><appender-ref ref="out"/></root>
      </configuration>
      """;

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer shared;

  private final Process process;
  private final Path dataDir;
  private final int port;
  private final boolean anonymous;

  private S3TestServer(Process process, Path dataDir, int port, boolean anonymous) {
    this.process = process;
    this.dataDir = dataDir;
    this.port = port;
    this.anonymous = anonymous;
  }

  /**
   * The server of this test JVM, started on first use (signed requests) and stopped, its folder
   * deleted, when the JVM exits.
   */
  public static synchronized S3TestServer shared() {
    if (shared == null) {
      try {
        Path workDir = Files.createTempDirectory("lancelot-s3");
        S3TestServer started = start(workDir);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      started.close();
                      deleteRecursively(workDir);
                    }));
        shared = started;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** Starts a server that checks every request's signature against {@link #ACCESS_KEY}. */
  public static S3TestServer start(Path workDir) throws IOException {
    return launch(workDir, false);
  }

  /** Starts a server that accepts unsigned requests, for a client in front that rewrites them. */
  public static S3TestServer startAnonymous(Path workDir) throws IOException {
    return launch(workDir, true);
  }

  private static S3TestServer launch(Path workDir, boolean anonymous) throws IOException {
    Path dataDir = Files.createDirectories(workDir.resolve("buckets"));
    int port = freePort();
    Properties props = new Properties();
    props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    props.setProperty("jclouds.provider", "filesystem");
    props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
    if (anonymous) {
      props.setProperty("s3proxy.authorization", "none");
    } else {
      props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      props.setProperty("s3proxy.identity", ACCESS_KEY);
      props.setProperty("s3proxy.credential", SECRET_KEY);
    }
    Path propsFile = workDir.resolve("s3proxy.properties");
    try (var out = Files.newOutputStream(propsFile)) {
      props.store(out, "S3 test server");
    }
    // Without a configuration Logback logs every request at DEBUG, which costs the server more CPU
    // than serving the requests.
    Path logConfig = Files.writeString(workDir.resolve("logback.xml"), LOG_CONFIG);
    Path log = workDir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-Dlogback.configurationFile=" + logConfig.toAbsolutePath(),
                    "-cp",
                    serverClasspath(),
                    "org.gaul.s3proxy.Main",
                    "--properties",
                    propsFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3TestServer server = new S3TestServer(process, dataDir, port, anonymous);
    server.awaitListening(log);
    return server;
  }

  /** The HTTP endpoint, {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Makes an empty bucket and returns its folder on the server's disk. */
  public Path createBucket(String name) throws IOException {
    return Files.createDirectories(dataDir.resolve(name));
  }

  /**
   * Makes a new empty bucket with a name no other test of any JVM uses, and returns its {@code
   * s3a://} URI without a trailing slash.
   */
  public String newBucket(String purpose) {
    String name =
        (purpose + "-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    try {
      createBucket(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "s3a://" + name;
  }

  /** Writes {@link #s3aProperties()} as a Hadoop configuration file, for a process to add. */
  public Path writeS3aSite(Path file) throws IOException {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
    s3aProperties()
        .forEach(
            (k, v) ->
                xml.append("  <property><name>")
                    .append(k)
                    .append("</name><value>")
                    .append(v)
                    .append("</value></property>\n"));
    xml.append("</configuration>\n");
    return Files.writeString(file, xml, StandardCharsets.UTF_8);
  }

  /**
   * The Hadoop configuration that points S3A at this server: path-style requests, plain HTTP,
   * static keys (or none for an anonymous server), no retries that would hide a server failure.
   */
  public Map<String, String> s3aProperties() {
    return s3aProperties(endpoint());
  }

  /**
   * As {@link #s3aProperties()}, for a client that reaches this server through {@code endpoint}.
   */
  public Map<String, String> s3aProperties(String endpoint) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint);
    conf.put("fs.s3a.endpoint.region", "us-east-1");
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    if (anonymous) {
      conf.put(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
    } else {
      conf.put(
          "fs.s3a.aws.credentials.provider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      conf.put("fs.s3a.access.key", ACCESS_KEY);
      conf.put("fs.s3a.secret.key", SECRET_KEY);
    }
    conf.put("fs.s3a.attempts.maximum", "2");
    conf.put("fs.s3a.retry.limit", "2");
    conf.put("fs.s3a.change.detection.mode", "none");
    conf.put("fs.s3a.bucket.probe", "0");
    return conf;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a folder left in the temporary directory is all that is lost
    }
  }

  private void awaitListening(Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "S3 test server exited with "
                + process.exitValue()
                + ": "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep();
      }
    }
    close();
    throw new IOException(
        "S3 test server did not listen on port " + port + " within " + START_TIMEOUT);
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String serverClasspath() {
    try (InputStream in = S3TestServer.class.getResourceAsStream("s3proxy.classpath")) {
      if (in == null) {
        throw new IllegalStateException("s3proxy.classpath is missing from the test server jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
