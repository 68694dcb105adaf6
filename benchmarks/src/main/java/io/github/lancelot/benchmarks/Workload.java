package io.github.lancelot.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's operations, run in order on one table per format. Each operation runs on every
 * format before the next starts, so the formats see the same JVM warmth and machine load; read
 * results are compared across formats, so a format that answers faster by answering wrongly fails
 * the run.
 */
final class Workload {
  static final String WRITE = "write the table";
  static final String APPEND = "append 1% of rows";
  static final String SMALL_APPENDS = "small appends of 10 rows (all of them)";
  static final String SCAN_AGGREGATE = "full scan, aggregate of scalar columns";
  static final String SCAN_ONE_COLUMN = "scan of one scalar column";
  static final String SELECTIVE_FILTER = "selective filter (0.05% of ids)";
  static final String COUNT = "COUNT(*)";
  static final String TIME_TRAVEL = "full scan aggregate at version 1";
  static final String DELETE = "DELETE 0.1% scattered rows";
  static final String UPDATE = "UPDATE 0.1% scattered rows";
  static final String MERGE = "MERGE 1% updates + 1% inserts";
  static final String RESTORE = "RESTORE to version 1";
  static final String ADD_COLUMN = "ADD COLUMN";

  private final SparkSession spark;
  private final List<TableFormat> formats;
  private final long rows;
  private final int repeats;
  private final int rowLevelRepeats;
  private final int smallAppends;
  private final String base;
  private final Map<String, Map<String, Measurement>> results = new LinkedHashMap<>();
  private long nextId;

  Workload(
      SparkSession spark,
      List<TableFormat> formats,
      long rows,
      int repeats,
      int rowLevelRepeats,
      int smallAppends,
      String base) {
    this.spark = spark;
    this.formats = formats;
    this.rows = rows;
    this.repeats = repeats;
    this.rowLevelRepeats = rowLevelRepeats;
    this.smallAppends = smallAppends;
    this.base = base;
  }

  /** Runs every operation; the timings, by operation and then format name. */
  Map<String, Map<String, Measurement>> run() throws Exception {
    formats.forEach(f -> f.prepare(spark));
    nextId = rows;
    for (TableFormat f : formats) {
      f.drop(spark, f.table(base));
    }
    measureOnce(
        WRITE,
        all(),
        f ->
            () ->
                sql(
                    "CREATE TABLE "
                        + f.table(base)
                        + " "
                        + f.using()
                        + " AS "
                        + GeneratedData.rows(0, rows)));
    long appendRows = rows / 100;
    measure(
        APPEND,
        all(),
        f -> Measurement.Step.NONE,
        f -> r -> sql(insert(f.table(base), nextId + r * appendRows, appendRows)));
    advance(appendRows * repeats);
    List<String> batches = smallBatches(nextId, smallAppends);
    measureOnce(
        SMALL_APPENDS,
        all(),
        f ->
            () -> {
              for (String batch : batches) {
                sql("INSERT INTO " + f.table(base) + " SELECT * FROM " + batch);
              }
            });
    advance(10L * smallAppends);

    query(SCAN_AGGREGATE, all(), f -> r -> aggregate(f.table(base)));
    query(SCAN_ONE_COLUMN, all(), f -> r -> "SELECT sum(value) FROM " + f.table(base));
    query(
        SELECTIVE_FILTER,
        all(),
        f ->
            r -> {
              long from = rows * (r + 1) / (repeats + 2);
              return "SELECT count(*), sum(value) FROM "
                  + f.table(base)
                  + " WHERE id BETWEEN "
                  + from
                  + " AND "
                  + (from + rows / 2000 - 1);
            });
    query(COUNT, all(), f -> r -> "SELECT count(*) FROM " + f.table(base));
    Map<String, String> first = new LinkedHashMap<>();
    for (TableFormat f : versioned()) {
      first.put(f.name(), f.firstVersion(spark, f.table(base)));
    }
    query(
        TIME_TRAVEL,
        versioned(),
        f -> r -> aggregate(f.table(base) + " VERSION AS OF " + first.get(f.name())));

    measure(
        DELETE,
        rowLevelRepeats,
        rowLevel(),
        f -> Measurement.Step.NONE,
        f -> r -> sql("DELETE FROM " + f.table(base) + " WHERE id % 1000 = " + r));
    measure(
        UPDATE,
        rowLevelRepeats,
        rowLevel(),
        f -> Measurement.Step.NONE,
        f ->
            r ->
                sql(
                    "UPDATE "
                        + f.table(base)
                        + " SET value = value + 1 WHERE id % 1000 = "
                        + (500 + r)));
    long mergeRows = rows / 100;
    measure(
        MERGE,
        rowLevelRepeats,
        rowLevel(),
        f -> r -> mergeSource(r, mergeRows),
        f ->
            r ->
                sql(
                    "MERGE INTO "
                        + f.table(base)
                        + " t USING merge_source s ON t.id = s.id"
                        + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *"));
    advance(mergeRows * rowLevelRepeats);
    compareAcrossFormats(
        "the table after DELETE, UPDATE and MERGE", rowLevel(), f -> checksum(f.table(base)));

    measure(
        RESTORE,
        versioned(),
        f -> r -> sql(insert(f.table(base), nextId + 10L * r, 10)),
        f -> r -> f.restore(spark, f.table(base), first.get(f.name())));
    advance(10L * repeats);
    compareAcrossFormats("the restored table", versioned(), f -> checksum(f.table(base)));
    measure(
        ADD_COLUMN,
        all(),
        f -> Measurement.Step.NONE,
        f -> r -> sql("ALTER TABLE " + f.table(base) + " ADD COLUMN extra_" + r + " DOUBLE"));
    return results;
  }

  private void advance(long ids) {
    nextId += ids;
  }

  /**
   * Views of 10 rows each, held in the driver as a user's small batches would be, so that an append
   * costs what the table format adds to a Spark job and not the generation of its rows.
   */
  private List<String> smallBatches(long from, int count) {
    List<String> views = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Dataset<Row> rows = spark.sql(GeneratedData.rows(from + 10L * i, from + 10L * i + 10));
      String view = "small_batch_" + i;
      spark.createDataFrame(rows.collectAsList(), rows.schema()).createOrReplaceTempView(view);
      views.add(view);
    }
    return views;
  }

  private static String insert(String table, long from, long count) {
    return "INSERT INTO " + table + " " + GeneratedData.rows(from, from + count);
  }

  private void mergeSource(int repetition, long count) {
    long from = nextId + repetition * count;
    String updates = GeneratedData.rowsWhere(0, rows, 8, "id % 100 = " + (37 + repetition));
    String inserts = GeneratedData.rows(from, from + count);
    spark
        .sql(
            "SELECT id, category, value + 1 AS value, ts, text, embedding FROM ("
                + updates
                + ") UNION ALL "
                + inserts)
        .createOrReplaceTempView("merge_source");
  }

  static String aggregate(String from) {
    return "SELECT category, count(*), sum(value), min(ts), max(ts), sum(length(text)) FROM "
        + from
        + " GROUP BY category ORDER BY category";
  }

  private static String checksum(String table) {
    return "SELECT count(*), sum(id), sum(value), count(DISTINCT id) FROM " + table;
  }

  private void sql(String statement) {
    spark.sql(statement).collectAsList();
  }

  private interface PerFormat<T> {
    T of(TableFormat f) throws Exception;
  }

  private interface Query {
    String of(int repetition);
  }

  private interface Once {
    void run() throws Exception;
  }

  private void measure(
      String op,
      List<TableFormat> on,
      PerFormat<Measurement.Step> setup,
      PerFormat<Measurement.Step> action)
      throws Exception {
    measure(op, repeats, on, setup, action);
  }

  private void measure(
      String op,
      int times,
      List<TableFormat> on,
      PerFormat<Measurement.Step> setup,
      PerFormat<Measurement.Step> action)
      throws Exception {
    Map<String, Measurement> byFormat = new LinkedHashMap<>();
    for (TableFormat f : on) {
      byFormat.put(f.name(), Measurement.of(times, setup.of(f), action.of(f)));
    }
    record(op, byFormat);
  }

  private void measureOnce(String op, List<TableFormat> on, PerFormat<Once> action)
      throws Exception {
    Map<String, Measurement> byFormat = new LinkedHashMap<>();
    for (TableFormat f : on) {
      Once once = action.of(f);
      byFormat.put(f.name(), Measurement.of(1, Measurement.Step.NONE, r -> once.run()));
    }
    record(op, byFormat);
  }

  /** Times a query; its answers (at the last repetition) must be the same on every format. */
  private void query(String op, List<TableFormat> on, PerFormat<Query> query) throws Exception {
    Map<String, Measurement> byFormat = new LinkedHashMap<>();
    Map<String, List<Row>> answers = new LinkedHashMap<>();
    for (TableFormat f : on) {
      Query q = query.of(f);
      byFormat.put(
          f.name(),
          Measurement.of(
              repeats,
              Measurement.Step.NONE,
              r -> answers.put(f.name(), spark.sql(q.of(r)).collectAsList())));
    }
    requireSame(op, answers);
    record(op, byFormat);
  }

  private void compareAcrossFormats(String what, List<TableFormat> on, PerFormat<String> query)
      throws Exception {
    Map<String, List<Row>> answers = new LinkedHashMap<>();
    for (TableFormat f : on) {
      answers.put(f.name(), spark.sql(query.of(f)).collectAsList());
    }
    requireSame(what, answers);
  }

  static void requireSame(String what, Map<String, List<Row>> answers) {
    List<Row> expected = null;
    String expectedFrom = null;
    for (Map.Entry<String, List<Row>> e : answers.entrySet()) {
      if (expected == null) {
        expected = e.getValue();
        expectedFrom = e.getKey();
      } else if (!Objects.equals(normalized(expected), normalized(e.getValue()))) {
        throw new IllegalStateException(
            "The formats disagree on "
                + what
                + ": "
                + expectedFrom
                + " answers "
                + expected
                + " but "
                + e.getKey()
                + " answers "
                + e.getValue());
      }
    }
  }

  /**
   * Rows as text, with doubles rounded: sums of doubles differ in the last digits with the order of
   * addition.
   */
  private static List<String> normalized(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row row : rows) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        Object v = row.get(i);
        b.append(v instanceof Double d ? String.format("%.4e", d) : String.valueOf(v)).append('|');
      }
      out.add(b.toString());
    }
    return out;
  }

  private void record(String op, Map<String, Measurement> byFormat) {
    results.put(op, byFormat);
    StringBuilder line = new StringBuilder(String.format("%-48s", op));
    byFormat.forEach(
        (format, m) -> line.append(String.format("  %s %s", format, Report.time(m.median()))));
    System.out.println(line);
  }

  private List<TableFormat> all() {
    return formats;
  }

  private List<TableFormat> versioned() {
    return formats.stream().filter(TableFormat::versioned).toList();
  }

  private List<TableFormat> rowLevel() {
    return formats.stream().filter(TableFormat::rowLevel).toList();
  }
}
