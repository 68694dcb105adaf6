package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.index.IndexMetric;
import io.github.lancelot.format.index.IvfFiles;
import io.github.lancelot.format.index.IvfSegmentWriter;
import io.github.lancelot.format.index.VectorIndex;
import java.io.Serializable;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.executor.CommitDeniedException;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * What one task of a {@link VectorIndexBuild} runs on an executor: writes the index segment of its
 * fragment and returns its description to the driver. As for a compaction task, Spark's output
 * commit coordinator lets only one attempt of each task return its segment; an attempt it refuses
 * deletes its file and ends as denied.
 */
final class IndexSegmentTask
    extends AbstractFunction2<TaskContext, Iterator<Fragment>, VectorIndex.Segment>
    implements Serializable {
  private final TableScanContext table;
  private final String indexId;
  private final TableSchema column;
  private final Broadcast<float[]> centroids;
  private final IndexMetric metric;

  IndexSegmentTask(
      TableScanContext table,
      String indexId,
      TableSchema column,
      Broadcast<float[]> centroids,
      IndexMetric metric) {
    this.table = table;
    this.indexId = indexId;
    this.column = column;
    this.centroids = centroids;
    this.metric = metric;
  }

  @Override
  public VectorIndex.Segment apply(TaskContext task, Iterator<Fragment> partition) {
    Fragment fragment = partition.next();
    VectorIndex.Segment segment =
        IvfSegmentWriter.write(
            table.tableUri(),
            table.conf(),
            indexId,
            fragment,
            column.columns().get(0),
            centroids.value(),
            metric);
    task.taskMetrics().inputMetrics().incRecordsRead(fragment.physicalRows());
    task.taskMetrics().outputMetrics().setBytesWritten(segment.sizeInBytes());
    boolean mayCommit =
        SparkEnv.get()
            .outputCommitCoordinator()
            .canCommit(
                task.stageId(),
                task.stageAttemptNumber(),
                task.partitionId(),
                task.attemptNumber());
    if (!mayCommit) {
      IvfFiles.deleteFile(table.tableUri(), table.conf(), segment.path());
      throw IndexSegmentTask.<RuntimeException>uncheckedThrow(
          new CommitDeniedException(
              "Another attempt of the task indexing fragment "
                  + fragment.id()
                  + " of table "
                  + table.tableUri()
                  + " reports its segment",
              task.stageId(),
              task.partitionId(),
              task.attemptNumber()));
    }
    return segment;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException uncheckedThrow(Throwable t) throws E {
    throw (E) t;
  }
}
