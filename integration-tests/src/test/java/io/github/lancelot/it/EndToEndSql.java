package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL of the README end to end on one table, every statement checked against an oracle (the
 * same changes applied in plain Java): create, two inserts, UPDATE, DELETE, ADD COLUMN v VECTOR(3),
 * MERGE with every kind of clause, time travel by version and by timestamp to every version,
 * RESTORE, an insert after the restore, DESCRIBE HISTORY with its metrics, CTAS from an old
 * version, the metadata tables, and path tables written and read with the DataFrame API. Used
 * against a multi-JVM cluster and against HDFS, where readers and writers run on executors.
 */
final class EndToEndSql {
  static final List<String> BASE = List.of("id", "grp", "name", "score");
  static final List<String> WITH_VECTOR = List.of("id", "grp", "name", "score", "v");

  /** One row as the oracle keeps it; {@code v} is null when the version has no vector column. */
  record Quote(long id, Integer grp, String name, Double score, List<Float> v) {
    Quote with(String newName, Double newScore, List<Float> newV) {
      return new Quote(id, grp, newName, newScore, newV);
    }
  }

  /** A version as the oracle expects it: its columns, its rows and its operation. */
  record Expected(String operation, List<String> columns, List<Quote> rows) {}

  private final SparkSession spark;
  private final String catalog;
  private final String warehouse;
  private final org.apache.hadoop.conf.Configuration conf;
  final TreeMap<Long, Expected> versions = new TreeMap<>();
  int statements;
  long rowsChecked;
  int timeTravelReads;

  /**
   * Whether to also write and read path tables (with the session's Hadoop configuration) under the
   * warehouse.
   */
  boolean pathTables = true;

  EndToEndSql(SparkSession spark, String catalog, String warehouse) {
    this(spark, catalog, warehouse, null);
  }

  /**
   * With {@code conf} for the test's own reads of the table (the session's Hadoop configuration
   * when null).
   */
  EndToEndSql(
      SparkSession spark,
      String catalog,
      String warehouse,
      org.apache.hadoop.conf.Configuration conf) {
    this.spark = spark;
    this.conf = conf;
    this.catalog = catalog;
    this.warehouse =
        warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
  }

  String t() {
    return catalog + ".db.t";
  }

  Table lance() {
    return Table.forPath(warehouse + "/db/t", conf());
  }

  org.apache.hadoop.conf.Configuration conf() {
    return conf != null ? conf : spark.sessionState().newHadoopConf();
  }

  Dataset<Row> sql(String format, Object... args) {
    String text = String.format(format, args);
    statements++;
    return spark.sql(text);
  }

  // ---------------------------------------------------------------- the suite

  void run() throws Exception {
    sql("CREATE NAMESPACE IF NOT EXISTS %s.db", catalog);
    sql(
        "CREATE TABLE %s (id BIGINT NOT NULL, grp INT, name STRING, score DOUBLE) "
            + "TBLPROPERTIES ('max-rows-per-fragment' = '300', 'team' = 'it')",
        t());
    committed(1, Operation.CREATE_TABLE, BASE, List.of());

    // v2: 2000 rows from 8 tasks, so that both executors write fragments (at most 300 rows each)
    sql(
        "INSERT INTO %s SELECT id, CASE WHEN id %% 13 = 0 THEN NULL ELSE CAST(id %% 10 AS INT) END, "
            + "concat('n', id), id * 0.5 FROM range(0, 2000, 1, 8)",
        t());
    List<Quote> rows = new ArrayList<>();
    for (long id = 0; id < 2000; id++) {
      rows.add(new Quote(id, id % 13 == 0 ? null : (int) (id % 10), "n" + id, id * 0.5, null));
    }
    committed(2, Operation.APPEND, BASE, rows);
    assertThat(lance().latestSnapshot().fragments().size())
        .as("fragments of v2")
        .isGreaterThanOrEqualTo(8);

    // v3
    sql("INSERT INTO %s VALUES (5000, 1, 'x', 1.5), (5001, NULL, NULL, NULL)", t());
    rows = new ArrayList<>(rows);
    rows.add(new Quote(5000, 1, "x", 1.5, null));
    rows.add(new Quote(5001, null, null, null, null));
    committed(3, Operation.APPEND, BASE, rows);

    // v4
    sql(
        "UPDATE %s SET name = concat(name, '-u'), score = score + 1 WHERE grp = 3 OR name IS NULL",
        t());
    long updated =
        rows.stream().filter(q -> Objects.equals(q.grp(), 3) || q.name() == null).count();
    rows =
        map(
            rows,
            q ->
                Objects.equals(q.grp(), 3) || q.name() == null
                    ? q.with(
                        q.name() == null ? null : q.name() + "-u",
                        q.score() == null ? null : q.score() + 1,
                        null)
                    : q);
    committed(4, Operation.UPDATE, BASE, rows);
    assertThat(metrics(4)).containsEntry("numUpdatedRows", updated);

    // v5: id % 97 cannot be pushed down as a source filter, so the rows are found by tasks on
    // executors
    sql("DELETE FROM %s WHERE grp = 7 OR id < 50 OR id %% 97 = 5", t());
    int before = rows.size();
    rows = new ArrayList<>(rows);
    rows.removeIf(q -> Objects.equals(q.grp(), 7) || q.id() < 50 || q.id() % 97 == 5);
    committed(5, Operation.DELETE, BASE, rows);
    assertThat(metrics(5)).containsEntry("numDeletedRows", (long) (before - rows.size()));

    // v6
    sql("ALTER TABLE %s ADD COLUMN v VECTOR(3)", t());
    committed(6, Operation.ADD_COLUMNS, WITH_VECTOR, rows);

    // v7: MERGE with matched delete and update, not matched insert, not matched by source update
    sql(
        "MERGE INTO %s t USING (SELECT id, concat('m', id) AS name, array(CAST(id AS FLOAT), 1.0f, -1.0f) AS v "
            + "FROM range(1900, 2100, 2, 4)) s ON t.id = s.id "
            + "WHEN MATCHED AND s.id %% 10 = 0 THEN DELETE "
            + "WHEN MATCHED THEN UPDATE SET t.name = s.name, t.v = s.v "
            + "WHEN NOT MATCHED THEN INSERT (id, grp, name, score, v) VALUES (s.id, -1, s.name, 0.0, s.v) "
            + "WHEN NOT MATCHED BY SOURCE AND t.grp = 9 THEN UPDATE SET t.score = -1.0",
        t());
    Set<Long> source = new HashSet<>();
    for (long id = 1900; id < 2100; id += 2) {
      source.add(id);
    }
    List<Quote> merged = new ArrayList<>();
    Set<Long> targetIds = new HashSet<>();
    long mergeDeleted = 0;
    long mergeUpdated = 0;
    long mergeInserted = 0;
    for (Quote q : rows) {
      targetIds.add(q.id());
      if (source.contains(q.id())) {
        if (q.id() % 10 == 0) {
          mergeDeleted++;
        } else {
          merged.add(q.with("m" + q.id(), q.score(), vector(q.id())));
          mergeUpdated++;
        }
      } else if (Objects.equals(q.grp(), 9)) {
        merged.add(q.with(q.name(), -1.0, q.v()));
        mergeUpdated++;
      } else {
        merged.add(q);
      }
    }
    for (long id : source) {
      if (!targetIds.contains(id)) {
        merged.add(new Quote(id, -1, "m" + id, 0.0, vector(id)));
        mergeInserted++;
      }
    }
    rows = merged;
    committed(7, Operation.MERGE, WITH_VECTOR, rows);
    assertThat(metrics(7))
        .containsEntry("numDeletedRows", mergeDeleted)
        .containsEntry("numUpdatedRows", mergeUpdated)
        .containsEntry("numInsertedRows", mergeInserted);

    // time travel to every version, by number and by timestamp, through SQL and the DataFrame
    // reader
    checkEveryVersion();
    String v4At =
        sql(
                "SELECT date_format(timestamp, 'yyyy-MM-dd HH:mm:ss.SSS') FROM %s.history WHERE version = 4",
                t())
            .collectAsList()
            .get(0)
            .getString(0);
    assertState(
        sql("SELECT * FROM %s TIMESTAMP AS OF '%s'", t(), v4At),
        versions.get(4L),
        "TIMESTAMP AS OF v4");
    assertState(
        spark.read().option("timestampAsOf", v4At).table(t()),
        versions.get(4L),
        "timestampAsOf v4");
    assertState(
        spark.read().option("versionAsOf", 2).table(t()), versions.get(2L), "versionAsOf 2");
    timeTravelReads += 2;

    // v8: RESTORE to v4, whose schema has no vector column; v9: a write after the restore
    List<Row> restored = sql("RESTORE TABLE %s TO VERSION AS OF 4", t()).collectAsList();
    assertThat(restored).hasSize(1);
    committed(8, Operation.RESTORE, BASE, versions.get(4L).rows());
    assertThat(lance().latestSnapshot().commitInfo().operationParameters())
        .containsEntry("version", "4");
    sql("INSERT INTO %s VALUES (9000, 2, 'after-restore', 2.0)", t());
    rows = new ArrayList<>(versions.get(4L).rows());
    rows.add(new Quote(9000, 2, "after-restore", 2.0, null));
    committed(9, Operation.APPEND, BASE, rows);
    checkEveryVersion();

    checkHistory();
    checkAggregates(rows);
    checkMetadataTables(rows.size());
    checkCtasOfAnOldVersion();
    if (pathTables) {
      checkPathTables();
    }
  }

  static List<Float> vector(long id) {
    return List.of((float) id, 1.0f, -1.0f);
  }

  static List<Quote> map(List<Quote> rows, UnaryOperator<Quote> f) {
    return rows.stream().map(f).toList();
  }

  // ---------------------------------------------------------------- checks

  /**
   * The statement just run committed exactly version {@code v}, with this operation, columns and
   * rows.
   */
  void committed(long v, String operation, List<String> columns, List<Quote> rows) {
    Table table = lance();
    Snapshot latest = table.latestSnapshot();
    assertThat(latest.version()).as("version after %s", operation).isEqualTo(v);
    assertThat(table.versions()).as("versions without gaps").hasSize((int) v);
    assertThat(latest.commitInfo().operation()).isEqualTo(operation);
    assertThat(latest.commitInfo().readVersion()).isEqualTo(v - 1);
    Expected e = new Expected(operation, columns, List.copyOf(rows));
    versions.put(v, e);
    assertState(spark.sql("SELECT * FROM " + t()), e, "latest after " + operation);
    assertThat(latest.numRows()).as("rows by metadata at v%d", v).isEqualTo(rows.size());
    assertThat(spark.sql("SELECT count(*) FROM " + t()).collectAsList().get(0).getLong(0))
        .isEqualTo(rows.size());
  }

  void checkEveryVersion() {
    for (Map.Entry<Long, Expected> e : versions.entrySet()) {
      assertState(
          spark.sql("SELECT * FROM " + t() + " VERSION AS OF " + e.getKey()),
          e.getValue(),
          "VERSION AS OF " + e.getKey());
      timeTravelReads++;
    }
  }

  void assertState(Dataset<Row> df, Expected expected, String what) {
    assertThat(List.of(df.columns()))
        .as("columns of %s", what)
        .containsExactlyElementsOf(expected.columns());
    List<Quote> actual = quotes(df.collectAsList(), List.of(df.columns()));
    List<Quote> want =
        expected.rows().stream().sorted(Comparator.comparingLong(Quote::id)).toList();
    assertThat(actual).as("rows of %s", what).hasSize(want.size());
    assertThat(actual).as("rows of %s", what).containsExactlyElementsOf(want);
    rowsChecked += actual.size();
  }

  static List<Quote> quotes(List<Row> rows, List<String> columns) {
    int v = columns.indexOf("v");
    List<Quote> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(
          new Quote(
              r.getLong(0),
              r.isNullAt(1) ? null : r.getInt(1),
              r.isNullAt(2) ? null : r.getString(2),
              r.isNullAt(3) ? null : r.getDouble(3),
              v < 0 || r.isNullAt(v) ? null : List.copyOf(r.<Float>getList(v))));
    }
    out.sort(Comparator.comparingLong(Quote::id));
    return out;
  }

  Map<String, Long> metrics(long version) {
    CommitInfo info = lance().snapshotAt(version).commitInfo();
    return info.operationMetrics();
  }

  void checkHistory() {
    List<Row> history = sql("DESCRIBE HISTORY %s", t()).collectAsList();
    List<Long> newestFirst = new ArrayList<>(versions.descendingKeySet());
    assertThat(history).extracting(r -> r.getLong(0)).containsExactlyElementsOf(newestFirst);
    assertThat(history)
        .extracting(r -> r.getString(2))
        .containsExactlyElementsOf(
            newestFirst.stream().map(v -> versions.get(v).operation()).toList());
    for (Row r : history) {
      long v = r.getLong(0);
      if (v > 1) {
        assertThat(r.getLong(4)).as("readVersion of v%d", v).isEqualTo(v - 1);
      }
      Map<String, String> m = r.getJavaMap(5);
      Map<String, Long> fromLog = metrics(v);
      Map<String, String> expected = new HashMap<>();
      fromLog.forEach((k, value) -> expected.put(k, "" + value));
      assertThat(m).as("metrics of v%d", v).isEqualTo(expected);
    }
    assertThat(history.get(history.size() - 2).<String, String>getJavaMap(5))
        .as("metrics of the first insert")
        .containsEntry("numAddedRows", "2000");
    assertThat(sql("DESCRIBE HISTORY %s LIMIT 2", t()).collectAsList())
        .extracting(r -> r.getLong(0))
        .containsExactly(newestFirst.get(0), newestFirst.get(1));
  }

  /** A query with a shuffle: per group, the count and the sum of scores. */
  void checkAggregates(List<Quote> rows) {
    Map<Integer, long[]> counts = new TreeMap<>();
    Map<Integer, Double> sums = new TreeMap<>();
    for (Quote q : rows) {
      int key = q.grp() == null ? -100 : q.grp();
      counts.computeIfAbsent(key, k -> new long[1])[0]++;
      if (q.score() != null) {
        sums.merge(key, q.score(), Double::sum);
      }
    }
    List<Row> result =
        sql(
                "SELECT coalesce(grp, -100) AS g, count(*), sum(score) FROM %s GROUP BY 1 ORDER BY 1",
                t())
            .collectAsList();
    assertThat(result).extracting(r -> r.getInt(0)).containsExactlyElementsOf(counts.keySet());
    for (Row r : result) {
      assertThat(r.getLong(1))
          .as("count of group %d", r.getInt(0))
          .isEqualTo(counts.get(r.getInt(0))[0]);
      Double sum = r.isNullAt(2) ? null : r.getDouble(2);
      assertThat(sum).as("sum of group %d", r.getInt(0)).isEqualTo(sums.get(r.getInt(0)));
    }
    rowsChecked += rows.size();
  }

  void checkMetadataTables(long liveRows) {
    Row f =
        sql("SELECT count(*), sum(rows), sum(deleted_rows) FROM %s.fragments", t())
            .collectAsList()
            .get(0);
    assertThat(f.getLong(1) - f.getLong(2))
        .as("live rows by the fragments table")
        .isEqualTo(liveRows);
    assertThat(sql("SELECT count(*) FROM %s.history", t()).collectAsList().get(0).getLong(0))
        .isEqualTo(versions.size());
  }

  void checkCtasOfAnOldVersion() {
    sql("CREATE TABLE %s.db.snapshot7 AS SELECT * FROM %s VERSION AS OF 7", catalog, t());
    assertState(sql("SELECT * FROM %s.db.snapshot7", catalog), versions.get(7L), "CTAS of v7");
    Table copy = Table.forPath(warehouse + "/db/snapshot7", conf());
    assertThat(copy.versions()).containsExactly(1L);
    sql("DROP TABLE %s.db.snapshot7", catalog);
  }

  /** A path table written and read with the DataFrame API: save, append, overwrite, time travel. */
  void checkPathTables() {
    String path = warehouse + "/paths/p";
    spark
        .range(0, 400, 1, 4)
        .selectExpr("id", "concat('p', id) AS name")
        .write()
        .format("lance")
        .save(path);
    spark
        .range(400, 1000, 1, 6)
        .selectExpr("id", "concat('p', id) AS name")
        .write()
        .format("lance")
        .mode("append")
        .save(path);
    Dataset<Row> latest = spark.read().format("lance").load(path);
    assertThat(latest.count()).isEqualTo(1000);
    List<Row> stats =
        latest
            .selectExpr("count(DISTINCT id)", "min(id)", "max(id)", "sum(length(name))")
            .collectAsList();
    assertThat(stats.get(0).getLong(0)).isEqualTo(1000);
    assertThat(stats.get(0).getLong(1)).isZero();
    assertThat(stats.get(0).getLong(2)).isEqualTo(999);
    assertThat(spark.read().format("lance").option("versionAsOf", 1).load(path).count())
        .isEqualTo(400);
    spark
        .range(7, 9)
        .selectExpr("id", "concat('o', id) AS name")
        .write()
        .format("lance")
        .mode("overwrite")
        .save(path);
    assertThat(spark.read().format("lance").load(path).collectAsList())
        .extracting(Row::toString)
        .containsExactlyInAnyOrder("[7,o7]", "[8,o8]");
    assertThat(spark.read().format("lance").option("versionAsOf", 2).load(path).count())
        .isEqualTo(1000);
    rowsChecked += 1000 + 2;
    statements += 3;

    // compressed Arrow buffers: the codecs (zstd through JNI, lz4) must load where the tasks run
    for (String codec : List.of("zstd", "lz4")) {
      String compressed = warehouse + "/paths/" + codec;
      spark
          .range(0, 600, 1, 3)
          .selectExpr(
              "id", "repeat(concat('c', id), 20) AS text", "array(CAST(id AS FLOAT), 0.5f) AS v")
          .write()
          .format("lance")
          .option("compression", codec)
          .option("v.arrow.fixed-size-list.size", "2")
          .save(compressed);
      Row r =
          spark
              .read()
              .format("lance")
              .load(compressed)
              .selectExpr("count(*)", "sum(length(text))", "sum(v[0])", "count(DISTINCT id)")
              .collectAsList()
              .get(0);
      long expectedLength = 0;
      for (long id = 0; id < 600; id++) {
        expectedLength += 20L * ("c" + id).length();
      }
      assertThat(r.getLong(0)).as("rows with %s", codec).isEqualTo(600);
      assertThat(r.getLong(1)).as("text with %s", codec).isEqualTo(expectedLength);
      assertThat(r.getDouble(2)).as("vectors with %s", codec).isEqualTo(599 * 600 / 2.0);
      assertThat(r.getLong(3)).isEqualTo(600);
      rowsChecked += 600;
      statements += 2;
    }
  }
}
