package io.github.lancelot.spark;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * What executors need to reach a table: its location and the Hadoop configuration, broadcast once
 * per scan, write or compaction instead of being shipped with every task.
 */
final class TableScanContext implements Serializable {
  private final String tableUri;
  private final Broadcast<SerializableConfiguration> conf;

  private TableScanContext(String tableUri, Broadcast<SerializableConfiguration> conf) {
    this.tableUri = tableUri;
    this.conf = conf;
  }

  static TableScanContext create(String tableUri, Configuration conf) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
    return new TableScanContext(tableUri, sc.broadcast(new SerializableConfiguration(conf)));
  }

  String tableUri() {
    return tableUri;
  }

  Configuration conf() {
    return conf.value().value();
  }
}
