package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Building a vector index on the cluster: a build whose task fails leaves no version and no file
 * behind.
 */
class TestVectorIndexBuild extends SparkTestBase {
  @Test
  void aBuildWhoseTaskFailsCommitsNothingAndDeletesEveryFileItWrote() throws Exception {
    String location = path("failing");
    spark
        .sql(
            "SELECT id, transform(sequence(0, 7), d -> CAST(sin(id * 0.7 + d) AS FLOAT)) AS vec "
                + "FROM range(0, 3000, 1, 3)")
        .write()
        .format("lance")
        .option("vec.arrow.fixed-size-list.size", "8")
        .save(location);
    Table table =
        Table.forPath(
            SegmentFailingFileSystem.SCHEME + "://" + location, SegmentFailingFileSystem.conf());
    Snapshot before = table.latestSnapshot();
    assertThat(before.fragments()).hasSize(3);
    SegmentFailingFileSystem.reset();

    assertThatThrownBy(
            () ->
                VectorIndexBuild.run(
                    table,
                    before,
                    "failing",
                    "by_vec",
                    "vec",
                    "ivf_flat",
                    Map.of("partitions", "4")))
        .hasMessageContaining("Building vector index 'by_vec' of table")
        .hasMessageContaining("nothing was committed");

    assertThat(table.latestSnapshot().version()).isEqualTo(before.version());
    assertThat(table.latestSnapshot().indexes()).isEmpty();
    try (Stream<java.nio.file.Path> left = Files.walk(dir.resolve("failing"))) {
      assertThat(left.filter(p -> p.toString().contains("_indexes/"))).isEmpty();
    }
  }
}
