package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.catalog.LanceCatalog;
import io.github.lancelot.catalog.LanceSparkSessionExtensions;
import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Scan;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SQL suite with the warehouse on HDFS (an in-process MiniDFSCluster: a NameNode and a
 * DataNode), and writers in several threads committing to one HDFS table at once, where the commit
 * is a rename without overwrite that the NameNode performs atomically.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HdfsEndToEndIT {
  static final int WRITERS = 4;
  static final int APPENDS_PER_WRITER = 6;
  static final int ROWS_PER_APPEND = 50;

  static Path dir;
  static MiniDFSCluster dfs;
  static String namenode;
  static SparkSession spark;
  static final TaskStats stats = new TaskStats();
  static long started;
  static final List<String> summary = Collections.synchronizedList(new ArrayList<>());

  /** Both tests add a line to the summary when they pass. */
  static final int TESTS = 2;

  @BeforeAll
  static void start() throws Exception {
    started = System.nanoTime();
    dir = WorkDirs.create("HdfsEndToEndIT");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
    conf.setInt("dfs.replication", 1);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    namenode = dfs.getFileSystem().getUri().toString();
    assertThat(namenode).startsWith("hdfs://");
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("HdfsEndToEndIT")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.hadoop.fs.defaultFS", namenode)
            .config("spark.hadoop.dfs.replication", "1")
            .config("spark.sql.extensions", LanceSparkSessionExtensions.class.getName())
            .config("spark.sql.catalog.lance", LanceCatalog.class.getName())
            .config("spark.sql.catalog.lance.warehouse", namenode + "/warehouse")
            .getOrCreate();
    spark.sparkContext().addSparkListener(stats);
  }

  @AfterAll
  static void stop() {
    try {
      if (spark != null) {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    } finally {
      if (dfs != null) {
        dfs.shutdown(true);
      }
    }
    System.out.printf(
        "SUMMARY HdfsEndToEndIT: %s; namenode %s, 1 datanode; spark tasks %s; %.1f s%n",
        String.join("; ", summary), namenode, stats, (System.nanoTime() - started) / 1e9);
    if (summary.size() == TESTS) {
      WorkDirs.delete(dir);
    } else {
      System.err.println("HdfsEndToEndIT: HDFS storage and logs kept in " + dir);
    }
  }

  @Test
  @Order(1)
  void theSqlSuiteWithTheWarehouseOnHdfs() throws Exception {
    EndToEndSql suite = new EndToEndSql(spark, "lance", namenode + "/warehouse");
    suite.run();
    Table table = suite.lance();
    assertThat(table.location()).startsWith("hdfs://");
    FileSystem fs = dfs.getFileSystem();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("/warehouse/db/t/_versions"))).isTrue();
    for (Fragment f : table.latestSnapshot().fragments()) {
      for (var file : f.files()) {
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(table.location(), file.path())))
            .as("data file %s on HDFS", file.path())
            .isTrue();
      }
    }
    summary.add(
        String.format(
            "SQL suite: %d statements, %d versions, %d time-travel reads, %d rows checked",
            suite.statements, suite.versions.size(), suite.timeTravelReads, suite.rowsChecked));
  }

  static TableSchema schema() {
    return TableSchema.of(
        List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field("writer", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
  }

  /** The ids of one append of one writer: distinct across writers and appends. */
  static long[] ids(int writer, int append) {
    long first = ((long) writer * APPENDS_PER_WRITER + append) * ROWS_PER_APPEND;
    return LongStream.range(first, first + ROWS_PER_APPEND).toArray();
  }

  static List<Fragment> write(
      Table table, TableSchema schema, BufferAllocator allocator, int writer, long[] ids) {
    try (FragmentWriter out = table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema.arrowSchema(), allocator)) {
      batch.allocateNew();
      BigIntVector id = (BigIntVector) batch.getVector("id");
      IntVector w = (IntVector) batch.getVector("writer");
      for (int i = 0; i < ids.length; i++) {
        id.setSafe(i, ids[i]);
        w.setSafe(i, writer);
      }
      batch.setRowCount(ids.length);
      out.write(batch);
      return out.finish();
    }
  }

  @Test
  @Order(2)
  void concurrentAppendsThroughHdfsRenameLandAsVersionsWithoutGaps() throws Exception {
    String uri = namenode + "/concurrent/t";
    Configuration conf = new Configuration(dfs.getConfiguration(0));
    Table.forPath(uri, conf).createTable(schema(), Map.of()).commit();

    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CyclicBarrier start = new CyclicBarrier(WRITERS);
    List<Future<Map<Long, Integer>>> futures = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int t = 0; t < WRITERS; t++) {
        int writer = t;
        futures.add(
            pool.submit(
                () -> {
                  // each writer its own Table (as another process would), every first append
                  // prepared on version 1
                  Table mine = Table.forPath(uri, new Configuration(conf));
                  Map<Long, Integer> appendByVersion = new HashMap<>();
                  Snapshot base = mine.latestSnapshot();
                  Transaction first =
                      mine.newTransaction(base, Operation.APPEND)
                          .appendFragments(
                              write(mine, base.schema(), allocator, writer, ids(writer, 0)));
                  start.await(2, TimeUnit.MINUTES);
                  appendByVersion.put(first.commit().version(), 0);
                  for (int k = 1; k < APPENDS_PER_WRITER; k++) {
                    Snapshot latest = mine.latestSnapshot();
                    Snapshot committed =
                        mine.newTransaction(latest, Operation.APPEND)
                            .appendFragments(
                                write(mine, latest.schema(), allocator, writer, ids(writer, k)))
                            .commit();
                    assertThat(appendByVersion.put(committed.version(), k))
                        .as("version returned twice")
                        .isNull();
                  }
                  return appendByVersion;
                }));
      }
      Map<Long, long[]> idsByVersion = new HashMap<>();
      for (int t = 0; t < WRITERS; t++) {
        for (Map.Entry<Long, Integer> e : futures.get(t).get(3, TimeUnit.MINUTES).entrySet()) {
          assertThat(idsByVersion.put(e.getKey(), ids(t, e.getValue())))
              .as("two commits returned version %d", e.getKey())
              .isNull();
        }
      }
      pool.shutdown();

      int appends = WRITERS * APPENDS_PER_WRITER;
      Table table = Table.forPath(uri, conf);
      List<Long> expectedVersions = LongStream.rangeClosed(1, appends + 1).boxed().toList();
      assertThat(table.versions())
          .as("versions without gaps")
          .containsExactlyElementsOf(expectedVersions);
      assertThat(idsByVersion.keySet())
          .containsExactlyInAnyOrderElementsOf(expectedVersions.subList(1, appends + 1));

      // every row exactly once, at the latest version and at each version the rows of the commits
      // up to it
      List<Long> all = new ArrayList<>();
      for (long v = 1; v <= appends + 1; v++) {
        Snapshot s = table.snapshotAt(v);
        assertThat(s.numRows()).as("rows at v%d", v).isEqualTo((v - 1) * ROWS_PER_APPEND);
        if (v > 1) {
          for (long id : idsByVersion.get(v)) {
            all.add(id);
          }
        }
        List<Long> read = ids(s, allocator);
        assertThat(read)
            .as("ids at v%d", v)
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(all);
      }
      List<Long> expectedIds =
          LongStream.range(0, (long) appends * ROWS_PER_APPEND).boxed().toList();
      assertThat(all).containsExactlyInAnyOrderElementsOf(expectedIds);

      List<CommitInfo> history = table.history();
      long rebased =
          history.stream()
              .filter(c -> c.version() > 1 && c.readVersion() < c.version() - 1)
              .count();
      assertThat(history.stream().filter(c -> c.readVersion() == 1))
          .as("commits prepared on v1")
          .hasSize(WRITERS);
      assertThat(rebased)
          .as("commits that lost a race and were rebased")
          .isGreaterThanOrEqualTo(WRITERS - 1);
      assertThat(history).extracting(CommitInfo::transactionId).doesNotHaveDuplicates();

      // no temp file of a commit is left beside the version files
      FileSystem fs = dfs.getFileSystem();
      List<String> logFiles = new ArrayList<>();
      for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path("/concurrent/t/_versions"))) {
        logFiles.add(s.getPath().getName());
      }
      assertThat(logFiles)
          .as("files in _versions")
          .noneMatch(n -> n.startsWith(".") || n.endsWith(".tmp"));

      // Spark reads the same rows
      List<Row> viaSpark =
          spark
              .read()
              .format("lance")
              .load(uri)
              .selectExpr("count(*)", "count(DISTINCT id)", "min(id)", "max(id)")
              .collectAsList();
      assertThat(viaSpark.get(0).getLong(0)).isEqualTo(expectedIds.size());
      assertThat(viaSpark.get(0).getLong(1)).isEqualTo(expectedIds.size());
      summary.add(
          String.format(
              "concurrent appends: %d writer threads x %d appends -> versions 1..%d without gaps,"
                  + " %d rows each once, %d commits rebased after losing the rename race, log files %d",
              WRITERS,
              APPENDS_PER_WRITER,
              appends + 1,
              expectedIds.size(),
              rebased,
              logFiles.size()));
    } finally {
      pool.shutdownNow();
    }
  }

  static List<Long> ids(Snapshot snapshot, BufferAllocator allocator) {
    List<Long> out = new ArrayList<>();
    Scan scan = snapshot.newScan().select("id").build();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            out.add(v.get(i));
          }
        }
      }
    }
    return out;
  }
}
