package io.github.lancelot.benchmarks;

/**
 * The benchmark's rows as a Spark SQL query over {@code range}: a row's values depend only on its
 * id, so every format stores the same data and a run can be repeated exactly.
 */
final class GeneratedData {
  static final int DIMENSION = 128;
  private static final long ROWS_PER_PARTITION = 250_000;

  private GeneratedData() {}

  /** The rows with ids {@code [from, to)}. */
  static String rows(long from, long to) {
    int partitions =
        (int) Math.max(1, Math.min(64, (to - from + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
    return rowsWhere(from, to, partitions, "true");
  }

  /**
   * The rows with ids in {@code [from, to)} that satisfy {@code condition} (SQL over {@code id}).
   */
  static String rowsWhere(long from, long to, int partitions, String condition) {
    return "SELECT id,"
        + " concat('category-', CAST(id % 12 AS STRING)) AS category,"
        + " CAST(pmod(id * 7919, 100003) AS DOUBLE) / 100.0 AS value,"
        + " TIMESTAMP_SECONDS(1700000000 + id) AS ts,"
        + " sha2(CAST(id AS STRING), 256) AS text,"
        + " "
        + embedding()
        + " AS embedding"
        + " FROM range("
        + from
        + ", "
        + to
        + ", 1, "
        + partitions
        + ") WHERE "
        + condition;
  }

  /**
   * 128 floats in [-1, 1] spelled out element by element, which Spark compiles to code; an array
   * built with a lambda, such as {@code transform}, is interpreted row by row and would cost more
   * than storing it.
   */
  private static String embedding() {
    StringBuilder b = new StringBuilder("array(");
    for (int i = 0; i < DIMENSION; i++) {
      b.append(i == 0 ? "" : ", ")
          .append("CAST(pmod(id * ")
          .append(2 * i + 1)
          .append(", 2001) - 1000 AS FLOAT)")
          .append(" / 1000.0f");
    }
    return b.append(')').toString();
  }
}
