package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class TestSparkSmoke extends SparkTestBase {
  @Test
  void writeAndRead() {
    String p = path("t");
    spark.range(10).selectExpr("id", "cast(id as string) as name").write().format("lance").save(p);
    Dataset<Row> df = spark.read().format("lance").load(p);
    assertThat(df.count()).isEqualTo(10);
    assertThat(df.filter("id > 5").count()).isEqualTo(4);
    spark.range(3).selectExpr("id", "'x' as name").write().format("lance").mode("append").save(p);
    assertThat(spark.read().format("lance").load(p).count()).isEqualTo(13);
    assertThat(spark.read().format("lance").option("versionAsOf", 1).load(p).count()).isEqualTo(10);
    spark.read().format("lance").load(p).selectExpr("_fragment_id", "_row_offset", "*").show();
  }
}
