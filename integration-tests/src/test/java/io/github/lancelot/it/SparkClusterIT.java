package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.catalog.LanceCatalog;
import io.github.lancelot.catalog.LanceSparkSessionExtensions;
import io.github.lancelot.format.CompactionTarget;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SQL suite on a real Spark standalone cluster: a Master, two Workers and their two executors
 * are JVMs of their own, so every reader, writer, commit message and broadcast configuration is
 * serialized, shipped and deserialized on another JVM, and the driver in the test JVM never runs a
 * task itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterIT {
  static Path dir;
  static StandaloneCluster cluster;
  static SparkSession spark;
  static final TaskStats stats = new TaskStats();
  static long started;

  /** Seconds from the start of the Master to two registered executors. */
  static double setupSeconds;

  static int passedTests;

  @BeforeAll
  static void startCluster() throws Exception {
    started = System.nanoTime();
    dir = WorkDirs.create("SparkClusterIT");
    cluster =
        StandaloneCluster.start(dir.resolve("cluster"), List.of("127.0.0.1", "127.0.0.1"), 1, "1g");
    spark =
        clusterSession("SparkClusterIT", cluster, dir.resolve("warehouse").toUri().toString())
            .getOrCreate();
    spark.sparkContext().addSparkListener(stats);
    cluster.awaitWorkers();
    awaitExecutors(spark, 2, cluster);
    setupSeconds = (System.nanoTime() - started) / 1e9;
  }

  /**
   * A driver session on the cluster with two 1-core, 1g executors and the Lance catalog {@code
   * lance}.
   */
  static SparkSession.Builder clusterSession(
      String app, StandaloneCluster cluster, String warehouse) {
    return SparkSession.builder()
        .master(cluster.masterUrl())
        .appName(app)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.executor.cores", "1")
        .config("spark.cores.max", "2")
        .config("spark.executor.memory", "1g")
        .config("spark.executor.extraClassPath", StandaloneCluster.classpath())
        // short-lived executors on 2 cores: C1 only and a serial GC leave the CPUs to the tasks
        .config(
            "spark.executor.extraJavaOptions",
            StandaloneCluster.moduleOptionsString() + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
        .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "90s")
        // no waiting for a preferred executor (shuffle reduce locality): with 1-core executors it
        // only idles
        .config("spark.locality.wait", "0s")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", LanceSparkSessionExtensions.class.getName())
        .config("spark.sql.catalog.lance", LanceCatalog.class.getName())
        .config("spark.sql.catalog.lance.warehouse", warehouse);
  }

  /** Waits until {@code count} executors (besides the driver) have registered. */
  static List<SparkExecutorInfo> awaitExecutors(
      SparkSession spark, int count, StandaloneCluster cluster) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 90_000;
    while (System.currentTimeMillis() < deadline) {
      List<SparkExecutorInfo> executors = executors(spark);
      if (executors.size() >= count) {
        return executors;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "executors did not register: " + executors(spark) + "\n" + cluster.diagnostics());
  }

  /** The executors, without the driver. */
  static List<SparkExecutorInfo> executors(SparkSession spark) {
    var driver = org.apache.spark.SparkEnv.get().blockManager().blockManagerId();
    return Arrays.stream(spark.sparkContext().statusTracker().getExecutorInfos())
        .filter(e -> !(e.host().equals(driver.host()) && e.port() == driver.port()))
        .toList();
  }

  @AfterAll
  static void stopCluster() {
    stopCluster(spark, cluster);
    if (passedTests == 3) {
      WorkDirs.delete(dir);
    }
  }

  /** Stops the driver session, then kills every JVM of the cluster. */
  static void stopCluster(SparkSession spark, StandaloneCluster cluster) {
    try {
      if (spark != null) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  @Test
  @Order(1)
  void theSqlSuiteRunsOnExecutorsInOtherJvms() throws Exception {
    try {
      assertThat(spark.sparkContext().master()).startsWith("spark://127.0.0.1:");
      assertThat(spark.sparkContext().isLocal()).isFalse();
      List<Long> executorPids = cluster.executorPids();
      assertThat(executorPids)
          .as("executor JVMs started by the Workers")
          .hasSize(2)
          .doesNotContain(ProcessHandle.current().pid());

      EndToEndSql suite =
          new EndToEndSql(spark, "lance", dir.resolve("warehouse").toUri().toString());
      suite.run();
      assertThat(stats.awaitIdle(30_000)).as("all tasks ended").isTrue();

      assertThat(stats.executorsWithSuccessfulTasks)
          .as("executors that ran tasks")
          .hasSize(2)
          .doesNotContain("driver");
      assertThat(stats.failed.get()).as("failed tasks: " + stats).isZero();
      assertThat(cluster.executorLogLines("Exception"))
          .as("exceptions in the executors' logs")
          .isEmpty();
      System.out.printf(
          "SUMMARY SparkClusterIT: %d statements, %d versions, %d time-travel reads, %d rows checked;"
              + " master %s, JVMs master+workers %s, executor JVMs %s; tasks %s; cluster up in %.1f s, %.1f s in all%n",
          suite.statements,
          suite.versions.size(),
          suite.timeTravelReads,
          suite.rowsChecked,
          cluster.masterUrl(),
          cluster.pids(),
          executorPids,
          stats,
          setupSeconds,
          (System.nanoTime() - started) / 1e9);
      passedTests++;
    } catch (Throwable t) {
      System.err.println(cluster.diagnostics());
      System.err.println("SparkClusterIT: logs, work folders and warehouse kept in " + dir);
      throw t;
    }
  }

  /**
   * The suite again, with a warehouse on HDFS reached through ViewFS, whose mount table is set only
   * for the catalog ({@code spark.sql.catalog.<name>.hadoop.*}): the executors can resolve the
   * tables only if the catalog's Hadoop configuration travels with the readers and writers.
   */
  @Test
  @Order(2)
  void catalogScopedHadoopSettingsReachTheExecutors() throws Exception {
    Configuration dfsConf = new Configuration();
    dfsConf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    dfsConf.setInt("dfs.replication", 1);
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(dfsConf).numDataNodes(1).build();
    try {
      dfs.waitActive();
      String namenode = dfs.getFileSystem().getUri().toString();
      String mount = "fs.viewfs.mounttable.lakes.link./warehouse";
      spark.conf().set("spark.sql.catalog.vfs", LanceCatalog.class.getName());
      spark.conf().set("spark.sql.catalog.vfs.warehouse", "viewfs://lakes/warehouse");
      spark.conf().set("spark.sql.catalog.vfs.hadoop." + mount, namenode + "/warehouse");
      spark.conf().set("spark.sql.catalog.vfs.hadoop.dfs.replication", "1");
      assertThat(spark.sessionState().newHadoopConf().get(mount))
          .as("not in the session's settings")
          .isNull();
      Configuration viewfs = new Configuration(dfs.getConfiguration(0));
      viewfs.set(mount, namenode + "/warehouse");

      int tasksBefore = stats.succeeded.get();
      EndToEndSql suite = new EndToEndSql(spark, "vfs", "viewfs://lakes/warehouse", viewfs);
      suite.pathTables = false;
      suite.run();
      assertThat(suite.lance().location()).startsWith("viewfs://lakes/warehouse/");
      assertThat(
              dfs.getFileSystem()
                  .exists(new org.apache.hadoop.fs.Path("/warehouse/db/t/_versions")))
          .isTrue();
      assertThat(stats.failed.get()).as("failed tasks: " + stats).isZero();
      System.out.printf(
          "SUMMARY SparkClusterIT (ViewFS over HDFS, mount table only in the catalog's settings):"
              + " %d statements, %d versions, %d time-travel reads, %d rows checked; %d tasks on executors %s%n",
          suite.statements,
          suite.versions.size(),
          suite.timeTravelReads,
          suite.rowsChecked,
          stats.succeeded.get() - tasksBefore,
          stats.executorsWithSuccessfulTasks);
      passedTests++;
    } catch (Throwable t) {
      System.err.println(cluster.diagnostics());
      System.err.println("SparkClusterIT: logs, work folders and warehouse kept in " + dir);
      throw t;
    } finally {
      dfs.shutdown(true);
    }
  }

  /** The successful tasks of OPTIMIZE's stages: where they ran and the rows they read. */
  static final class OptimizeTasks extends SparkListener {
    final Set<Integer> stages = ConcurrentHashMap.newKeySet();
    final Set<String> executors = ConcurrentHashMap.newKeySet();
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicLong rowsRead = new AtomicLong();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
      String description =
          submitted.properties() == null
              ? null
              : submitted.properties().getProperty("spark.job.description");
      if (description != null && description.startsWith("OPTIMIZE ")) {
        stages.add(submitted.stageInfo().stageId());
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (stages.contains(end.stageId()) && end.reason() == Success$.MODULE$) {
        succeeded.incrementAndGet();
        executors.add(end.taskInfo().executorId());
        rowsRead.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
      }
    }
  }

  /**
   * OPTIMIZE rewrites fragments in tasks on the executors' JVMs, one per group of fragments; the
   * driver only plans from the log and commits.
   */
  @Test
  @Order(3)
  void optimizeRewritesFragmentsOnTheExecutors() throws Exception {
    OptimizeTasks tasks = new OptimizeTasks();
    spark.sparkContext().addSparkListener(tasks);
    try {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.opt");
      spark.sql("CREATE TABLE lance.opt.small (id BIGINT, note STRING)");
      for (int i = 0; i < 8; i++) {
        spark.sql(
            String.format(
                "INSERT INTO lance.opt.small SELECT /*+ COALESCE(1) */ id, concat('note ', id)"
                    + " FROM range(%d, %d)",
                i * 100, i * 100 + 100));
      }
      spark.sql("DELETE FROM lance.opt.small WHERE id % 10 = 0");
      List<String> before = sortedRows("SELECT * FROM lance.opt.small");
      Table table =
          Table.forPath(
              dir.resolve("warehouse").resolve("opt").resolve("small").toString(),
              spark.sessionState().newHadoopConf());
      Snapshot base = table.latestSnapshot();
      int groups =
          table
              .planCompaction(base, new CompactionTarget(200, Long.MAX_VALUE), f -> true)
              .groups()
              .size();

      spark.sql("CALL lance.system.compact(table => 'opt.small', target_rows_per_fragment => 200)");
      spark.sparkContext().listenerBus().waitUntilEmpty();

      assertThat(groups).isEqualTo(4);
      assertThat(tasks.succeeded.get()).as("OPTIMIZE tasks").isEqualTo(groups);
      assertThat(tasks.executors)
          .as("executors that rewrote")
          .isNotEmpty()
          .doesNotContain("driver");
      assertThat(tasks.rowsRead.get()).as("rows the tasks read").isEqualTo(720);
      assertThat(table.latestSnapshot().fragments()).hasSize(groups);
      assertThat(sortedRows("SELECT * FROM lance.opt.small")).isEqualTo(before);
      assertThat(sortedRows("SELECT * FROM lance.opt.small VERSION AS OF " + base.version()))
          .isEqualTo(before);
      System.out.printf(
          "SUMMARY SparkClusterIT (OPTIMIZE): %d groups rewritten by %d tasks on executors %s,"
              + " %d rows read%n",
          groups, tasks.succeeded.get(), tasks.executors, tasks.rowsRead.get());
      passedTests++;
    } finally {
      spark.sparkContext().removeSparkListener(tasks);
    }
  }

  private static List<String> sortedRows(String query) {
    return spark.sql(query).collectAsList().stream().map(Row::toString).sorted().toList();
  }
}
