package io.github.lancelot.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The scan's metrics as shown in Spark's SQL UI: fragments scanned and pruned, data bytes read. */
public final class ScanMetrics {
  static final String FRAGMENTS_SCANNED = "fragmentsScanned";
  static final String FRAGMENTS_PRUNED = "fragmentsPruned";
  static final String BYTES_READ = "dataBytesRead";

  private ScanMetrics() {}

  static CustomMetric[] supported() {
    return new CustomMetric[] {new FragmentsScanned(), new FragmentsPruned(), new BytesRead()};
  }

  static CustomTaskMetric value(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }

  /** Fragments read by the scan's tasks. */
  public static final class FragmentsScanned extends CustomSumMetric {
    @Override
    public String name() {
      return FRAGMENTS_SCANNED;
    }

    @Override
    public String description() {
      return "fragments scanned";
    }
  }

  /** Fragments skipped by the driver from their statistics. */
  public static final class FragmentsPruned extends CustomSumMetric {
    @Override
    public String name() {
      return FRAGMENTS_PRUNED;
    }

    @Override
    public String description() {
      return "fragments pruned";
    }
  }

  /** Bytes of Arrow data files read. */
  public static final class BytesRead extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES_READ;
    }

    @Override
    public String description() {
      return "data bytes read";
    }
  }
}
