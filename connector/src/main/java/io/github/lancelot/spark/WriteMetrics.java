package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * A write's metrics as shown in Spark's SQL UI. Tasks report the rows they write (and, in DELETE,
 * UPDATE and MERGE, the rows they delete or replace); the driver reports the data files and bytes
 * committed and the version, which Spark asks it for from 4.0 on (a task's files are only complete
 * once it commits, after Spark last reads its metrics).
 */
public final class WriteMetrics {
  static final String FILES_WRITTEN = "filesWritten";
  static final String ROWS_WRITTEN = "rowsWritten";
  static final String BYTES_WRITTEN = "bytesWritten";
  static final String ROWS_DELETED = "rowsDeleted";
  static final String COMMITTED_VERSION = "committedVersion";

  private WriteMetrics() {}

  /** The files, bytes and committed version only where Spark asks the driver for them. */
  static CustomMetric[] supported() {
    return WriteDriverMetrics.REPORTED
        ? new CustomMetric[] {
          new RowsWritten(), new FilesWritten(), new BytesWritten(), new CommittedVersion()
        }
        : new CustomMetric[] {new RowsWritten()};
  }

  static CustomMetric[] supportedByRowLevelOperations() {
    CustomMetric[] all = Arrays.copyOf(supported(), supported().length + 1);
    all[all.length - 1] = new RowsDeleted();
    return all;
  }

  /** What the driver reports once the write's fragments are committed as {@code version}. */
  static CustomTaskMetric[] committed(List<Fragment> written, long version) {
    long files = written.stream().mapToLong(f -> f.files().size()).sum();
    long bytes = written.stream().mapToLong(Fragment::dataSizeInBytes).sum();
    return new CustomTaskMetric[] {
      ScanMetrics.value(FILES_WRITTEN, files),
      ScanMetrics.value(BYTES_WRITTEN, bytes),
      ScanMetrics.value(COMMITTED_VERSION, version)
    };
  }

  /** Data files committed. */
  public static final class FilesWritten extends CustomSumMetric {
    @Override
    public String name() {
      return FILES_WRITTEN;
    }

    @Override
    public String description() {
      return "data files written";
    }
  }

  /** Rows written to new fragments: inserted rows and the new versions of updated rows. */
  public static final class RowsWritten extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS_WRITTEN;
    }

    @Override
    public String description() {
      return "rows written";
    }
  }

  /** Bytes of the committed data files. */
  public static final class BytesWritten extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES_WRITTEN;
    }

    @Override
    public String description() {
      return "data bytes written";
    }
  }

  /** Existing rows deleted, or replaced by their updated version, through deletion vectors. */
  public static final class RowsDeleted extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS_DELETED;
    }

    @Override
    public String description() {
      return "rows deleted or replaced";
    }
  }

  /** The version the write committed, reported once by the driver. */
  public static final class CommittedVersion implements CustomMetric {
    @Override
    public String name() {
      return COMMITTED_VERSION;
    }

    @Override
    public String description() {
      return "committed version";
    }

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      return taskMetrics.length == 0
          ? ""
          : String.valueOf(Arrays.stream(taskMetrics).max().getAsLong());
    }
  }
}
