package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * A write's metrics as shown in Spark's SQL UI. Tasks report the rows they write (and, in DELETE,
 * UPDATE and MERGE, the rows they delete or replace). Where Spark asks for them (from 4.0 on,
 * {@link WriteCompletionMetrics}) the data files and bytes written and the committed version are
 * reported too: the files and bytes by the tasks of a batch write, which complete their fragments
 * once they have all their rows; by the driver for a row-level operation, whose tasks Spark hands
 * rows one at a time; and the version by the driver after the commit. A CREATE or REPLACE TABLE AS
 * SELECT reports all of them again on its own statement, once the staged table is committed.
 */
public final class WriteMetrics {
  static final String FILES_WRITTEN = "filesWritten";
  static final String ROWS_WRITTEN = "rowsWritten";
  static final String BYTES_WRITTEN = "bytesWritten";
  static final String ROWS_DELETED = "rowsDeleted";
  static final String COMMITTED_VERSION = "committedVersion";

  private WriteMetrics() {}

  /** The rows written; the files, bytes and committed version only where Spark asks for them. */
  static CustomMetric[] supported() {
    return WriteCompletionMetrics.REPORTED
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

  /**
   * What a write task reports: the rows it wrote, and the data files and bytes of its fragments
   * once they are complete ({@code complete} is null before).
   */
  static CustomTaskMetric[] task(long rows, List<Fragment> complete) {
    CustomTaskMetric[] written = {ScanMetrics.value(ROWS_WRITTEN, rows)};
    return complete == null ? written : concat(written, files(complete));
  }

  private static CustomTaskMetric[] files(List<Fragment> written) {
    long files = written.stream().mapToLong(f -> f.files().size()).sum();
    long bytes = written.stream().mapToLong(Fragment::dataSizeInBytes).sum();
    return new CustomTaskMetric[] {
      ScanMetrics.value(FILES_WRITTEN, files), ScanMetrics.value(BYTES_WRITTEN, bytes)
    };
  }

  /** What the driver reports once a batch write's fragments are committed as {@code version}. */
  static CustomTaskMetric[] version(long version) {
    return new CustomTaskMetric[] {ScanMetrics.value(COMMITTED_VERSION, version)};
  }

  /**
   * What the driver reports once a row-level operation's new fragments are committed as {@code
   * version}: their files and bytes, and the version.
   */
  static CustomTaskMetric[] committed(List<Fragment> written, long version) {
    return concat(files(written), version(version));
  }

  /**
   * What a CREATE or REPLACE TABLE AS SELECT reports once its staged table is committed as {@code
   * version}: every metric of the write that filled it.
   */
  static CustomTaskMetric[] staged(List<Fragment> written, long version) {
    long rows = written.stream().mapToLong(Fragment::physicalRows).sum();
    return concat(task(rows, written), version(version));
  }

  private static CustomTaskMetric[] concat(CustomTaskMetric[] a, CustomTaskMetric[] b) {
    CustomTaskMetric[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** Data files written. */
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

  /** Bytes of the data files written. */
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
