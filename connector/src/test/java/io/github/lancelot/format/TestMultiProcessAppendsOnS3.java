package io.github.lancelot.format;

import java.util.List;
import java.util.Map;

/**
 * The multi-process race on S3: four writer JVMs, each with its own S3 client, append 25 times each
 * to one table in a real S3-compatible server. Only the store's conditional PUT ({@code
 * If-None-Match: *}) keeps them apart, sent the way this Spark line's Hadoop sends it.
 */
class TestMultiProcessAppendsOnS3 extends TestMultiProcessAppends {
  @Override
  Table newTable() {
    return TestTables.create(
        S3TestStore.newBucket("race") + "/table", S3TestStore.conf(), Map.of());
  }

  @Override
  List<String> writerOptions() {
    return List.of("-D" + ConcurrentAppender.HADOOP_CONF + "=" + S3TestStore.confFile(dir).toUri());
  }
}
