package io.github.lancelot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster of separate JVMs started by a test: one Master and one Worker per
 * given host, each a {@code java} process started directly (no shell, no Spark scripts), so that
 * each {@link Process} is the JVM itself. Every JVM gets the test's classpath and the JVM module
 * options of system property {@code jvm.module.options}; the Workers get a {@code SPARK_HOME} with
 * an empty {@code jars/} folder, so the executors they launch run on exactly the classpath the
 * driver gives them in {@code spark.executor.extraClassPath}.
 *
 * <p>Workers on distinct loopback addresses (127.0.0.1, 127.0.0.2, ...) count as distinct hosts for
 * Spark, which speculative execution needs: Spark never runs a speculative copy on a host that runs
 * the original.
 *
 * <p>{@link #close()} kills every JVM it started and the executors the Workers started, forcibly.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Pattern MASTER_URL =
      Pattern.compile("Starting Spark master at (spark://[^\\s]+:\\d+)");
  private static final long START_TIMEOUT_MILLIS = 90_000;

  private final Path dir;
  private final String classpath;
  private final List<String> moduleOptions;
  private final Path sparkHome;
  private final Path daemonLog4j;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final List<Path> workDirs = new ArrayList<>();
  private String masterUrl;

  private StandaloneCluster(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.classpath = classpath();
    this.moduleOptions = moduleOptions();
    this.sparkHome = Files.createDirectories(dir.resolve("spark-home"));
    Files.createDirectories(sparkHome.resolve("jars"));
    this.daemonLog4j = dir.resolve("log4j2-daemons.properties");
    Files.writeString(
        daemonLog4j,
        String.join(
            "\n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.stdout.ref = console",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
            "logger.jetty.name = org.sparkproject.jetty",
            "logger.jetty.level = warn",
            ""));
  }

  /**
   * Starts a Master on 127.0.0.1 (on a free port it reports in its log) and one Worker per host,
   * each offering {@code coresPerWorker} cores and {@code workerMemory}; {@link #awaitWorkers()}
   * waits for them to register.
   */
  static StandaloneCluster start(
      Path dir, List<String> workerHosts, int coresPerWorker, String workerMemory)
      throws Exception {
    StandaloneCluster cluster = new StandaloneCluster(dir);
    try {
      cluster.startMaster();
      for (int i = 0; i < workerHosts.size(); i++) {
        cluster.startWorker(i, workerHosts.get(i), coresPerWorker, workerMemory);
      }
      return cluster;
    } catch (Throwable t) {
      cluster.close();
      throw t;
    }
  }

  /**
   * Waits until every Worker has registered with the Master. A driver may connect before: the
   * Master launches its executors as Workers register.
   */
  void awaitWorkers() throws Exception {
    for (int i = 1; i < processes.size(); i++) {
      await(i, Pattern.compile("Successfully registered with master"));
    }
  }

  /**
   * The test JVM's classpath; Surefire and Failsafe set it to the full test classpath in the forked
   * JVM.
   */
  static String classpath() {
    return System.getProperty("java.class.path");
  }

  /**
   * The JVM flags Spark needs on Java 17, as one string for {@code
   * spark.executor.extraJavaOptions}.
   */
  static String moduleOptionsString() {
    return String.join(" ", moduleOptions());
  }

  static List<String> moduleOptions() {
    List<String> out = new ArrayList<>();
    for (String option : System.getProperty("jvm.module.options", "").split("\\s+")) {
      if (!option.isBlank() && !option.startsWith("${")) {
        out.add(option);
      }
    }
    return out;
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The pids of the Master and Worker JVMs, in start order. */
  List<Long> pids() {
    return processes.stream().map(Process::pid).toList();
  }

  /** The pids of the processes the Workers started (the executors). */
  List<Long> executorPids() {
    return processes.stream()
        .skip(1)
        .flatMap(Process::descendants)
        .map(ProcessHandle::pid)
        .toList();
  }

  private void startMaster() throws Exception {
    start(
        "master",
        "127.0.0.1",
        "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
    Matcher m = await(0, MASTER_URL);
    masterUrl = m.group(1);
  }

  private void startWorker(int index, String host, int cores, String memory) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work-" + index));
    workDirs.add(work);
    start(
        "worker-" + index,
        host,
        "org.apache.spark.deploy.worker.Worker",
        List.of(
            "--host",
            host,
            "--port",
            "0",
            "--webui-port",
            "0",
            "--cores",
            "" + cores,
            "--memory",
            memory,
            "--work-dir",
            work.toString(),
            masterUrl));
  }

  private void start(String name, String host, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(moduleOptions);
    // the Master and Workers do little work: C1 only and a small serial heap make them start faster
    command.addAll(
        List.of(
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Dlog4j2.configurationFile=" + daemonLog4j.toUri(),
            "-cp",
            classpath,
            mainClass));
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", host);
    env.remove("SPARK_CONF_DIR");
    env.remove("SPARK_MASTER");
    processes.add(builder.start());
    logs.add(log);
  }

  /** Waits until the log of process {@code index} has a line matching the pattern. */
  private Matcher await(int index, Pattern pattern) throws Exception {
    Process process = processes.get(index);
    Path log = logs.get(index);
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            log.getFileName()
                + ": the JVM exited with "
                + process.exitValue()
                + " before logging /"
                + pattern
                + "/:\n"
                + tail(log, 60));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        log.getFileName()
            + ": no line matching /"
            + pattern
            + "/ within "
            + START_TIMEOUT_MILLIS
            + " ms:\n"
            + tail(log, 60));
  }

  /**
   * The last lines of the Master's, the Workers' and the executors' logs, for a failure message.
   */
  String diagnostics() {
    StringBuilder out = new StringBuilder();
    for (Path log : logs) {
      out.append("==== ").append(log).append('\n').append(tail(log, 30));
    }
    for (Path work : workDirs) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
          out.append("==== ").append(f).append('\n').append(tail(f, 30));
        }
      } catch (IOException e) {
        out.append(e).append('\n');
      }
    }
    return out.toString();
  }

  /** Lines of executor logs (under the Workers' work folders) that contain {@code text}. */
  List<String> executorLogLines(String text) {
    List<String> out = new ArrayList<>();
    for (Path work : workDirs) {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.contains(text)) {
              out.add(f.getParent().getFileName() + ": " + line);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException e) {
      return "(" + e + ")\n";
    }
  }

  /**
   * Kills the Workers' executors, the Workers and the Master, forcibly, and waits for them to exit.
   */
  @Override
  public void close() {
    List<ProcessHandle> all = new ArrayList<>();
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      List<ProcessHandle> children = p.descendants().toList();
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      all.add(p.toHandle());
      all.addAll(children);
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("StandaloneCluster: process " + h.pid() + " did not exit: " + e);
      }
    }
  }

  @Override
  public String toString() {
    return "StandaloneCluster(" + masterUrl + ", JVMs " + pids() + ", " + dir + ")";
  }
}
