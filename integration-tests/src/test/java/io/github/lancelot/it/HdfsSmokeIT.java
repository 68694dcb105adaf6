package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.Table;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table on a real (in-process) HDFS. */
class HdfsSmokeIT {
  @TempDir Path dir;

  @Test
  void aTableOnHdfsCommitsThroughTheNameNode() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    try {
      String uri = cluster.getFileSystem().getUri() + "/tables/t";
      Table table = Table.forPath(uri, cluster.getConfiguration(0));
      table
          .createTable(
              io.github.lancelot.format.TableSchema.of(
                  java.util.List.of(
                      org.apache.arrow.vector.types.pojo.Field.nullable(
                          "id", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true)))),
              java.util.Map.of())
          .commit();
      assertThat(table.versions()).containsExactly(1L);
      assertThat(table.location()).startsWith("hdfs://");
    } finally {
      cluster.shutdown();
    }
  }
}
