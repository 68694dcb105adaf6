package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.S3TestStore;
import io.github.lancelot.format.Table;
import io.github.lancelot.testing.s3.S3TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The versioning walkthrough with the warehouse on S3 (the tests' S3-compatible server through
 * S3A): every statement commits with a conditional PUT sent the way this line's Hadoop sends it.
 */
class TestWalkthroughSqlOnS3 extends TestWalkthroughSql {
  private String bucket;

  @BeforeAll
  static void reachS3() {
    S3TestServer.shared()
        .s3aProperties()
        .forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k, v));
  }

  @Override
  protected String warehouseUri() {
    bucket = S3TestStore.newBucket("walkthrough");
    return bucket + "/warehouse";
  }

  @Test
  void theTablesLiveInTheBucket() {
    sql("CREATE TABLE %s (id BIGINT)", t("here"));
    sql("INSERT INTO %s VALUES (1)", t("here"));
    Table table = Table.forPath(bucket + "/warehouse/db/here", S3TestStore.conf());
    assertThat(table.versions()).containsExactly(1L, 2L);
  }
}
