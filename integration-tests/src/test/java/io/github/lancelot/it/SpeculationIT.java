package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.it.EndToEndSql.Expected;
import io.github.lancelot.it.EndToEndSql.Quote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Appends, UPDATE, MERGE and DELETE whose tasks fail on their first attempt and whose slow tasks
 * get speculative copies, on a standalone cluster with two 1-core executors on two hosts (127.0.0.1
 * and 127.0.0.2): every result is compared with an oracle, so a row written by two attempts (a
 * duplicate), a row deleted by two attempts (a double-counted delete), a lost row or a file of a
 * failed or killed attempt left behind is caught.
 *
 * <p>Why not local mode: Spark never speculates in local mode ({@code TaskSchedulerImpl} starts the
 * speculation check only when not local), and never runs a speculative copy on a host that runs the
 * original, so local-cluster mode (every executor on one host) never launches a copy either.
 */
class SpeculationIT {
  static final String TABLE = "lance.db.s";

  static Path dir;
  static StandaloneCluster cluster;
  static SparkSession spark;
  static final TaskStats stats = new TaskStats();
  static long started;

  /** Seconds from the start of the Master to two registered executors. */
  static double setupSeconds;

  static boolean passed;

  final TreeMap<Long, Expected> versions = new TreeMap<>();
  final List<String> perOperation = new ArrayList<>();
  long rowsChecked;
  int statements;

  @BeforeAll
  static void startCluster() throws Exception {
    started = System.nanoTime();
    dir = WorkDirs.create("SpeculationIT");
    cluster =
        StandaloneCluster.start(dir.resolve("cluster"), List.of("127.0.0.1", "127.0.0.2"), 1, "1g");
    spark =
        SparkClusterIT.clusterSession(
                "SpeculationIT", cluster, dir.resolve("warehouse").toUri().toString())
            .config("spark.task.maxFailures", "3")
            .config("spark.speculation", "true")
            .config("spark.speculation.multiplier", "1")
            .config("spark.speculation.quantile", "0.1")
            .config("spark.speculation.interval", "100ms")
            .config("spark.speculation.minTaskRuntime", "100ms")
            .config("spark.speculation.efficiency.enabled", "false")
            .config("spark.sql.adaptive.enabled", "false")
            .getOrCreate();
    spark.sparkContext().addSparkListener(stats);
    // each injected failure would log a stack trace: the summary counts them instead
    Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.ERROR);
    cluster.awaitWorkers();
    SparkClusterIT.awaitExecutors(spark, 2, cluster);
    setupSeconds = (System.nanoTime() - started) / 1e9;
    Faults.register(spark);
  }

  @AfterAll
  static void stopCluster() {
    Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.WARN);
    SparkClusterIT.stopCluster(spark, cluster);
    if (passed) {
      WorkDirs.delete(dir);
    }
  }

  Table lance() {
    return Table.forPath(
        dir.resolve("warehouse").resolve("db").resolve("s").toUri().toString(),
        spark.sessionState().newHadoopConf());
  }

  @Test
  void retriedAndSpeculativeTasksNeitherDuplicateNorDoubleDeleteRows() throws Throwable {
    try {
      run();
      passed = true;
    } catch (Throwable t) {
      System.err.println(cluster.diagnostics());
      System.err.println("SpeculationIT: logs, work folders and warehouse kept in " + dir);
      throw t;
    }
  }

  void run() throws Exception {
    assertThat(SparkClusterIT.executors(spark))
        .extracting(e -> e.host())
        .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    sql("CREATE NAMESPACE lance.db");
    sql(
        "CREATE TABLE %s (id BIGINT NOT NULL, grp INT, name STRING, score DOUBLE) "
            + "TBLPROPERTIES ('max-rows-per-fragment' = '50', 'max-rows-per-batch' = '10')",
        TABLE);
    List<Quote> rows = new ArrayList<>();
    committed(1, Operation.CREATE_TABLE, rows, Map.of());

    // v2: an INSERT of 1200 rows from 6 tasks; each task writes fragments of 50 rows in batches of
    // 10, so a task
    // that fails or is killed at its 12th row has files on disk already
    operation(
        "INSERT",
        () ->
            sql(
                "INSERT INTO %s SELECT flaky_long(id, 12), CAST(id %% 10 AS INT), "
                    + "concat('n', id), id * 0.5 FROM range(0, 1200, 1, 6)",
                TABLE));
    for (long id = 0; id < 1200; id++) {
      rows.add(new Quote(id, (int) (id % 10), "n" + id, id * 0.5, null));
    }
    committed(2, Operation.APPEND, rows, Map.of("numAddedRows", 1200L));

    // v3: UPDATE, one task per fragment (24), the faults at the 12th updated row of a task
    operation(
        "UPDATE",
        () ->
            sql(
                "UPDATE %s SET score = flaky_double(score, 12) + 1, name = concat(name, '-u') "
                    + "WHERE id %% 3 = 0",
                TABLE));
    rows =
        rows.stream()
            .map(q -> q.id() % 3 == 0 ? q.with(q.name() + "-u", q.score() + 1, null) : q)
            .toList();
    committed(3, Operation.UPDATE, rows, Map.of("numUpdatedRows", 400L, "numDeletedRows", 0L));

    // v4: MERGE, the faults at the first row a task updates or inserts
    operation(
        "MERGE",
        () ->
            sql(
                "MERGE INTO %s t USING (SELECT id, concat('m', id) AS name "
                    + "FROM range(1000, 1400, 2, 4)) src ON t.id = src.id "
                    + "WHEN MATCHED AND src.id %% 10 = 0 THEN DELETE "
                    + "WHEN MATCHED THEN UPDATE SET t.name = src.name, t.score = flaky_double(t.score, 1) * 2 "
                    + "WHEN NOT MATCHED THEN INSERT (id, grp, name, score) VALUES (flaky_long(src.id, 1), -1, src.name, 0.0)",
                TABLE));
    List<Quote> merged = new ArrayList<>();
    for (Quote q : rows) {
      boolean matched = q.id() >= 1000 && q.id() < 1400 && q.id() % 2 == 0;
      if (!matched) {
        merged.add(q);
      } else if (q.id() % 10 != 0) {
        merged.add(q.with("m" + q.id(), q.score() * 2, null));
      }
    }
    for (long id = 1200; id < 1400; id += 2) {
      merged.add(new Quote(id, -1, "m" + id, 0.0, null));
    }
    rows = merged;
    committed(
        4,
        Operation.MERGE,
        rows,
        Map.of("numDeletedRows", 20L, "numUpdatedRows", 80L, "numInsertedRows", 100L));

    // v5: DELETE with a condition only tasks can evaluate, the faults at the 12th row a task reads
    operation("DELETE", () -> sql("DELETE FROM %s WHERE flaky_long(id, 12) %% 7 = 0", TABLE));
    long deleted = rows.stream().filter(q -> q.id() % 7 == 0).count();
    rows = rows.stream().filter(q -> q.id() % 7 != 0).toList();
    committed(5, Operation.DELETE, rows, Map.of("numDeletedRows", deleted));

    // v6: a DataFrame append whose speculative copy loses: the original commits, the copy must
    // clean up
    operation(
        "DataFrame append (copy loses)",
        () ->
            spark
                .range(5000, 5600, 1, 6)
                .selectExpr(
                    "flaky_long_copy_loses(id, 12) AS id",
                    "CAST(-2 AS INT) AS grp",
                    "concat('a', id) AS name",
                    "id * 1.0 AS score")
                .writeTo(TABLE)
                .append());
    rows = new ArrayList<>(rows);
    for (long id = 5000; id < 5600; id++) {
      rows.add(new Quote(id, -2, "a" + id, id * 1.0, null));
    }
    committed(6, Operation.APPEND, rows, Map.of("numAddedRows", 600L));

    // every version still reads as it was committed; the history has one entry per statement
    for (Map.Entry<Long, Expected> e : versions.entrySet()) {
      assertRows("VERSION AS OF " + e.getKey(), e.getValue().rows());
    }
    List<Row> history = spark.sql("DESCRIBE HISTORY " + TABLE).collectAsList();
    assertThat(history)
        .extracting(r -> r.getString(2))
        .containsExactlyElementsOf(
            versions.descendingMap().values().stream().map(Expected::operation).toList());

    assertThat(stats.awaitIdle(60_000)).as("every task attempt ended").isTrue();
    assertThat(stats.hosts)
        .as("hosts that ran tasks")
        .containsExactlyInAnyOrder("127.0.0.1", "127.0.0.2");
    assertThat(stats.failed.get())
        .as("failed attempts (injected): " + stats)
        .isGreaterThanOrEqualTo(5);
    assertThat(stats.speculativeStarted.get())
        .as("speculative copies: " + stats)
        .isGreaterThanOrEqualTo(3);
    // the distinct injected failures the executors logged
    Set<String> injected = new TreeSet<>();
    for (String line : cluster.executorLogLines("injected failure of stage")) {
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("injected failure of stage \\d+ partition \\d+")
              .matcher(line);
      if (m.find()) {
        injected.add(m.group());
      }
    }
    assertThat(injected).as("injected failures in the executors' logs").hasSize(stats.failed.get());
    System.out.printf(
        "SUMMARY SpeculationIT: %d statements, %d versions, %d rows checked against the oracle, no"
            + " duplicate, lost or double-deleted row, no orphaned data file; per operation: %s; all tasks %s;"
            + " distinct injected failures in executor logs %d; executor JVMs %s; cluster up in %.1f s,"
            + " %.1f s in all%n",
        statements,
        versions.size(),
        rowsChecked,
        String.join("; ", perOperation),
        stats,
        injected.size(),
        cluster.executorPids(),
        setupSeconds,
        (System.nanoTime() - started) / 1e9);
  }

  void sql(String format, Object... args) {
    statements++;
    spark.sql(String.format(format, args));
  }

  /**
   * Runs one write and records what its tasks did: attempts, failures, speculative copies, kills,
   * denials.
   */
  interface Write {
    void run() throws Exception;
  }

  void operation(String name, Write write) throws Exception {
    int tasks = stats.started.get();
    int failed = stats.failed.get();
    int speculative = stats.speculativeStarted.get();
    int speculativeWon = stats.speculativeSucceeded.get();
    int killed = stats.killed.get();
    int denied = stats.commitDenied.get();
    long t0 = System.nanoTime();
    write.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    // attempts killed after their job finished (the slow originals) end later: wait, then look for
    // their files
    assertThat(stats.awaitIdle(60_000)).as("task attempts of %s ended", name).isTrue();
    perOperation.add(
        String.format(
            "%s %.1f s: %d attempts, %d failed, %d speculative (%d won), %d killed, "
                + "%d commit denied",
            name,
            seconds,
            stats.started.get() - tasks,
            stats.failed.get() - failed,
            stats.speculativeStarted.get() - speculative,
            stats.speculativeSucceeded.get() - speculativeWon,
            stats.killed.get() - killed,
            stats.commitDenied.get() - denied));
  }

  /**
   * The statement committed exactly version v with these rows and metrics, and left no file
   * unreferenced.
   */
  void committed(long v, String operation, List<Quote> rows, Map<String, Long> metrics)
      throws IOException {
    Table table = lance();
    assertThat(table.versions()).as("one version per statement").hasSize((int) v);
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).isEqualTo(v);
    assertThat(latest.commitInfo().operation()).isEqualTo(operation);
    assertThat(latest.commitInfo().operationMetrics())
        .as("metrics of v%d (%s)", v, operation)
        .containsAllEntriesOf(metrics);
    versions.put(v, new Expected(operation, EndToEndSql.BASE, List.copyOf(rows)));
    assertRows("", rows);

    long physical = latest.fragments().stream().mapToLong(Fragment::physicalRows).sum();
    long deletedByVectors =
        latest.fragments().stream()
            .mapToLong(f -> latest.deletedRows(f).getLongCardinality())
            .sum();
    assertThat(latest.fragments())
        .allSatisfy(
            f -> assertThat(latest.deletedRows(f).getLongCardinality()).isEqualTo(f.deletedRows()));
    assertThat(physical - deletedByVectors)
        .as("live rows by the deletion vectors at v%d", v)
        .isEqualTo(rows.size());
    assertThat(latest.numRows()).isEqualTo(rows.size());
    Row counts =
        spark.sql("SELECT count(*), count(DISTINCT id) FROM " + TABLE).collectAsList().get(0);
    assertThat(counts.getLong(0)).as("rows at v%d", v).isEqualTo(rows.size());
    assertThat(counts.getLong(1)).as("distinct ids at v%d", v).isEqualTo(rows.size());

    assertThat(dataFilesOnDisk())
        .as("data files on disk at v%d: each referenced by some version", v)
        .isEqualTo(dataFilesReferenced(table));
  }

  void assertRows(String versionClause, List<Quote> expected) {
    List<Row> read = spark.sql("SELECT * FROM " + TABLE + " " + versionClause).collectAsList();
    List<Quote> actual = EndToEndSql.quotes(read, EndToEndSql.BASE);
    List<Quote> want =
        expected.stream().sorted(java.util.Comparator.comparingLong(Quote::id)).toList();
    assertThat(actual)
        .as("rows %s", versionClause)
        .hasSize(want.size())
        .containsExactlyElementsOf(want);
    rowsChecked += actual.size();
  }

  Set<String> dataFilesOnDisk() throws IOException {
    Path data = dir.resolve("warehouse").resolve("db").resolve("s").resolve("data");
    if (!Files.exists(data)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(data)) {
      return files
          .map(f -> "data/" + f.getFileName())
          .filter(n -> !n.endsWith(".crc"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  static Set<String> dataFilesReferenced(Table table) {
    Set<String> out = new TreeSet<>();
    for (long v : table.versions()) {
      for (Fragment f : table.snapshotAt(v).fragments()) {
        for (DataFile file : f.files()) {
          out.add(file.path());
        }
      }
    }
    return out;
  }
}
