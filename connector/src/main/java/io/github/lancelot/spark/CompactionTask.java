package io.github.lancelot.spark;

import io.github.lancelot.format.CompactionGroup;
import io.github.lancelot.format.RewrittenGroup;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.internal.io.ArrowMemory;
import java.io.Serializable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.executor.CommitDeniedException;
import org.apache.spark.executor.TaskMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * What one task of a {@link DistributedCompaction} runs on an executor: rewrites its partition's
 * group of fragments, counts the rows and bytes read and written in the task's input and output
 * metrics (as the Spark UI shows them), and returns the new fragments to the driver. As for a batch
 * write, Spark's output commit coordinator lets only one attempt of each task return its fragments;
 * an attempt it refuses (a speculative copy or a retry of a task another attempt finished) deletes
 * its files and ends as denied, so no group is ever committed twice.
 */
final class CompactionTask
    extends AbstractFunction2<TaskContext, Iterator<CompactionGroup>, RewrittenGroup>
    implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(CompactionTask.class);

  private final TableScanContext table;

  CompactionTask(TableScanContext table) {
    this.table = table;
  }

  @Override
  public RewrittenGroup apply(TaskContext task, Iterator<CompactionGroup> partition) {
    Table target = Table.forPath(table.tableUri(), table.conf());
    RewrittenGroup rewritten;
    try (BufferAllocator allocator =
        ArrowMemory.newChild("compaction-task " + task.taskAttemptId())) {
      rewritten = partition.next().rewrite(target, allocator);
    }
    TaskMetrics metrics = task.taskMetrics();
    metrics.inputMetrics().incRecordsRead(rewritten.rowsRewritten());
    metrics.inputMetrics().incBytesRead(rewritten.bytesRead());
    metrics.outputMetrics().setRecordsWritten(rewritten.rowsRewritten());
    metrics.outputMetrics().setBytesWritten(rewritten.bytesWritten());
    boolean mayCommit;
    try {
      mayCommit =
          SparkEnv.get()
              .outputCommitCoordinator()
              .canCommit(
                  task.stageId(),
                  task.stageAttemptNumber(),
                  task.partitionId(),
                  task.attemptNumber());
    } catch (RuntimeException e) {
      deleteFiles(target, rewritten);
      throw e;
    }
    if (!mayCommit) {
      deleteFiles(target, rewritten);
      throw CompactionTask.<RuntimeException>uncheckedThrow(
          new CommitDeniedException(
              "Another attempt of the task rewriting fragments "
                  + rewritten.replacedFragmentIds()
                  + " of table "
                  + target.location()
                  + " reports its fragments; attempt "
                  + task.attemptNumber()
                  + " deleted its own",
              task.stageId(),
              task.partitionId(),
              task.attemptNumber()));
    }
    return rewritten;
  }

  private static void deleteFiles(Table table, RewrittenGroup rewritten) {
    for (String file : table.deleteUncommitted(rewritten.written())) {
      LOG.warn("Could not delete {} of a denied compaction task; cleanup will remove it", file);
    }
  }

  /**
   * Throws a checked exception such as Spark's {@link CommitDeniedException}, which Scala code
   * throws freely, from this Java implementation of a Scala function.
   */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException uncheckedThrow(Throwable t) throws E {
    throw (E) t;
  }
}
