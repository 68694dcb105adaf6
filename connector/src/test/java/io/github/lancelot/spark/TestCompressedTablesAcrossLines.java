package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Tables whose Arrow files compress their buffers are the same format on every Spark line: tables
 * checked in under {@code golden/compressed}, written with ZSTD and with LZ4 once by Arrow 18
 * (Spark 4) and once by Arrow 12 (Spark 3.5), read back the same rows on this line.
 */
@AcrossLines
class TestCompressedTablesAcrossLines extends SparkTestBase {
  static final List<String> TABLES =
      List.of("arrow-18-zstd", "arrow-18-lz4", "arrow-12-zstd", "arrow-12-lz4");

  /** The rows every checked-in table holds: repetitive enough that compression pays. */
  static Dataset<Row> sample() {
    return spark
        .range(0, 2000)
        .selectExpr(
            "id",
            "CAST(id % 7 AS INT) AS grp",
            "CASE WHEN id % 5 = 0 THEN NULL ELSE concat('quote number ', id % 50) END AS quote",
            "id * 0.5 AS val",
            "array(CAST(id AS FLOAT), 0.5f) AS v");
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows
        .selectExpr("id", "grp", "quote", "val", "CAST(v AS STRING)")
        .orderBy("id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private Path copy(String table) throws IOException, URISyntaxException {
    Path source =
        Path.of(
            TestCompressedTablesAcrossLines.class
                .getResource("/golden/compressed/" + table)
                .toURI());
    Path target = dir.resolve(table);
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path to = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    return target;
  }

  private static long dataBytes(Path table) throws IOException {
    try (Stream<Path> files = Files.list(table.resolve("data"))) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  @Test
  void compressedTablesOfEitherArrowVersionReadTheSame() throws Exception {
    List<String> expected = sorted(sample());
    sample().coalesce(1).write().format("lance").option("compression", "none").save(path("plain"));
    long plainBytes = dataBytes(dir.resolve("plain"));
    for (String table : TABLES) {
      Path copied = copy(table);
      assertThat(dataBytes(copied)).as(table + " is compressed").isLessThan(plainBytes / 2);
      assertThat(sorted(spark.read().format("lance").load(copied.toString())))
          .as(table)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void thisLineWritesCompressedTablesItReadsBack() {
    List<String> expected = sorted(sample());
    for (String codec : List.of("zstd", "lz4")) {
      sample().coalesce(1).write().format("lance").option("compression", codec).save(path(codec));
      assertThat(sorted(spark.read().format("lance").load(path(codec))))
          .as(codec)
          .containsExactlyElementsOf(expected);
    }
  }
}
