package io.github.lancelot.spark;

import io.github.lancelot.format.CompactionGroup;
import io.github.lancelot.format.CompactionPlan;
import io.github.lancelot.format.RewrittenGroup;
import io.github.lancelot.format.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A compaction run by the cluster: the driver only plans, from the log's metadata, and commits; the
 * rows never pass through it. Each group of the {@link CompactionPlan} is one Spark task that reads
 * the group's fragments and writes their rows as new fragments on an executor ({@link
 * CompactionTask}), and the driver commits what the tasks return as one {@code OPTIMIZE} version,
 * with the format's conflict checks: concurrent appends are kept, and a concurrent change to a
 * rewritten fragment fails the commit. If the job fails, the files of the groups already rewritten
 * are deleted; if the commit fails, every new file is; either way the table is unchanged.
 */
public final class DistributedCompaction {
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private DistributedCompaction() {}

  /**
   * Runs the plan's groups as the tasks of one Spark job and commits them; returns the new version,
   * or the version planned when there is nothing to compact. {@code tableName} names the table in
   * the job's description and in errors.
   */
  public static Snapshot run(CompactionPlan plan, String tableName) {
    List<CompactionGroup> groups = plan.groups();
    if (groups.isEmpty()) {
      return plan.base();
    }
    SparkContext sc = SparkSession.active().sparkContext();
    RDD<CompactionGroup> tasks =
        JavaSparkContext.fromSparkContext(sc).parallelize(groups, groups.size()).rdd();
    CompactionTask task =
        new CompactionTask(TableScanContext.create(plan.table().location(), plan.table().conf()));
    Received received = new Received(groups.size());
    String description = sc.getLocalProperty(JOB_DESCRIPTION);
    sc.setJobDescription(
        "OPTIMIZE " + tableName + ": rewrite " + groups.size() + " groups of fragments");
    try {
      sc.runJob(tasks, task, received, ClassTag$.MODULE$.apply(RewrittenGroup.class));
    } catch (Exception jobFailure) {
      plan.discard(received.all());
      throw SparkErrors.compactionFailed(tableName, jobFailure);
    } finally {
      sc.setLocalProperty(JOB_DESCRIPTION, description);
    }
    return plan.commit(received.all());
  }

  /**
   * The groups the driver received, by task: Spark hands over the result of one attempt per task,
   * as each task finishes.
   */
  private static final class Received extends AbstractFunction2<Object, RewrittenGroup, BoxedUnit> {
    private final AtomicReferenceArray<RewrittenGroup> byTask;

    Received(int tasks) {
      this.byTask = new AtomicReferenceArray<>(tasks);
    }

    @Override
    public BoxedUnit apply(Object task, RewrittenGroup rewritten) {
      byTask.set((Integer) task, rewritten);
      return BoxedUnit.UNIT;
    }

    List<RewrittenGroup> all() {
      List<RewrittenGroup> out = new ArrayList<>();
      for (int i = 0; i < byTask.length(); i++) {
        if (byTask.get(i) != null) {
          out.add(byTask.get(i));
        }
      }
      return out;
    }
  }
}
