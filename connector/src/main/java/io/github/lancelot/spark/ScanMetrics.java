package io.github.lancelot.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * The scan's metrics as shown in Spark's SQL UI: fragments in the version, scanned and pruned (the
 * driver reports the total and the pruned), rows and data bytes read, deleted rows skipped.
 */
public final class ScanMetrics {
  static final String FRAGMENTS_SCANNED = "fragmentsScanned";
  static final String FRAGMENTS_PRUNED = "fragmentsPruned";
  static final String BYTES_READ = "dataBytesRead";
  static final String FRAGMENTS_TOTAL = "fragmentsTotal";
  static final String ROWS_READ = "rowsRead";
  static final String DELETED_ROWS_SKIPPED = "deletedRowsSkipped";

  private ScanMetrics() {}

  static CustomMetric[] supported() {
    return new CustomMetric[] {
      new FragmentsTotal(),
      new FragmentsScanned(),
      new FragmentsPruned(),
      new RowsRead(),
      new BytesRead(),
      new DeletedRowsSkipped()
    };
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

  /** Fragments of the version scanned, before pruning. */
  public static final class FragmentsTotal extends CustomSumMetric {
    @Override
    public String name() {
      return FRAGMENTS_TOTAL;
    }

    @Override
    public String description() {
      return "fragments in version";
    }
  }

  /**
   * Live rows the scan's tasks read where its condition holds: the rows they return, or for a
   * nearest-neighbour search the rows they scored.
   */
  public static final class RowsRead extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS_READ;
    }

    @Override
    public String description() {
      return "rows read";
    }
  }

  /** Deleted rows of the fragments read, skipped by their position. */
  public static final class DeletedRowsSkipped extends CustomSumMetric {
    @Override
    public String name() {
      return DELETED_ROWS_SKIPPED;
    }

    @Override
    public String description() {
      return "deleted rows skipped";
    }
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
