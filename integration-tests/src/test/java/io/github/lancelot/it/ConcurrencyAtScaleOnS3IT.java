package io.github.lancelot.it;

import io.github.lancelot.format.Table;
import io.github.lancelot.testing.s3.S3TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The concurrency test at scale with the table on S3: eight workers in four processes append,
 * delete and merge on one table in the tests' S3-compatible server, where only the store's
 * conditional PUT keeps their commits apart.
 */
class ConcurrencyAtScaleOnS3IT extends ConcurrencyAtScaleIT {
  private final String bucket = S3TestServer.shared().newBucket("concurrency");

  @Override
  Table newTable() {
    Configuration conf = new Configuration();
    S3TestServer.shared().s3aProperties().forEach(conf::set);
    return Table.forPath(bucket + "/table", conf);
  }

  @Override
  List<String> workerOptions() {
    try {
      return List.of(
          "-D"
              + ProcessTables.HADOOP_CONF
              + "="
              + S3TestServer.shared().writeS3aSite(dir.resolve("s3a-site.xml")).toUri());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
