package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.index.IvfFiles;
import io.github.lancelot.format.index.IvfOptions;
import io.github.lancelot.format.index.KMeans;
import io.github.lancelot.format.index.VectorIndex;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Builds a vector index of one version on the cluster and commits it as one {@code CREATE INDEX}
 * version (format.md section 20). The driver only plans and commits: one job samples the column's
 * vectors in a task per fragment and trains the centroids in a single further task, which writes
 * them; a second job writes one segment per fragment ({@link IndexSegmentTask}). If a job or the
 * commit fails, the index's folder is deleted, so the table is left as it was.
 */
public final class VectorIndexBuild {
  private static final String JOB_DESCRIPTION = "spark.job.description";

  private VectorIndexBuild() {}

  /** The trained centroids and the file holding them. */
  private record Trained(float[] centroids, VectorIndex.IndexFile file) implements Serializable {}

  /**
   * Builds index {@code name} on {@code column} of {@code base} and commits it; returns the new
   * version. {@code tableName} names the table in the jobs' descriptions.
   */
  public static Snapshot run(
      Table table,
      Snapshot base,
      String tableName,
      String name,
      String column,
      String kind,
      Map<String, String> options) {
    String where = table.location();
    if (base.indexes().stream().anyMatch(i -> i.name().equals(name))) {
      throw TableErrors.indexAlreadyExists(where, name);
    }
    TableSchema.Column indexed =
        base.schema()
            .column(column)
            .orElseThrow(() -> TableErrors.indexColumnNotVector(where, column, null));
    VectorIndex probe =
        new VectorIndex("", name, indexed.id(), kind, 1, Map.of(), 0, List.of(), List.of());
    if (probe.column(base.schema()).isEmpty()) {
      throw TableErrors.indexColumnNotVector(where, column, indexed.field().getType());
    }
    IvfOptions settings = IvfOptions.parse(where, name, kind, options, base.numRows());
    List<Fragment> fragments =
        base.fragments().stream().filter(f -> f.fileHolding(indexed.id()).isPresent()).toList();
    TableSchema projection = new TableSchema(List.of(indexed), indexed.id());
    int dimension = probe.column(base.schema()).map(c -> listSize(c)).orElseThrow();
    String indexId = UUID.randomUUID().toString();
    TableScanContext context = TableScanContext.create(where, table.conf());
    SparkContext sc = SparkSession.active().sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    String description = sc.getLocalProperty(JOB_DESCRIPTION);
    List<VectorIndex.Segment> segments;
    Trained trained;
    try {
      sc.setJobDescription(
          "CREATE VECTOR INDEX " + name + " ON " + tableName + ": sample and train");
      trained = train(jsc, context, fragments, projection, settings, indexId, dimension);
      sc.setJobDescription(
          "CREATE VECTOR INDEX "
              + name
              + " ON "
              + tableName
              + ": index "
              + fragments.size()
              + " fragments");
      segments = encode(sc, jsc, context, fragments, projection, settings, indexId, trained);
    } catch (Exception jobFailure) {
      IvfFiles.deleteFolder(where, table.conf(), indexId);
      throw SparkErrors.indexBuildFailed(where, name, jobFailure);
    } finally {
      sc.setLocalProperty(JOB_DESCRIPTION, description);
    }
    IvfOptions built = settings.withPartitions(trained.centroids().length / dimension);
    VectorIndex index =
        new VectorIndex(
            indexId,
            name,
            indexed.id(),
            IvfOptions.KIND,
            IvfOptions.KIND_VERSION,
            built.parameters(),
            0,
            List.of(trained.file()),
            segments);
    try {
      return table
          .newTransaction(base, Operation.CREATE_INDEX)
          .addIndex(index)
          .operationParameter("name", name)
          .operationParameter("column", indexed.name())
          .operationParameter("kind", kind.toLowerCase(Locale.ROOT))
          .operationMetric("numIndexedFragments", segments.size())
          .commit();
    } catch (RuntimeException commitFailure) {
      IvfFiles.deleteFolder(where, table.conf(), indexId);
      throw commitFailure;
    }
  }

  private static int listSize(TableSchema.Column c) {
    return ((org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList) c.field().getType())
        .getListSize();
  }

  /** Samples each fragment in a task, then trains and writes the centroids in one task. */
  private static Trained train(
      JavaSparkContext jsc,
      TableScanContext context,
      List<Fragment> fragments,
      TableSchema projection,
      IvfOptions settings,
      String indexId,
      int dimension) {
    long rows = fragments.stream().mapToLong(Fragment::liveRows).sum();
    int sampleRows = settings.sampleRows();
    JavaRDD<Fragment> tasks = jsc.parallelize(fragments, Math.max(1, fragments.size()));
    JavaRDD<float[]> sample =
        tasks.flatMap(
            f ->
                VectorSample.of(
                        context,
                        f,
                        projection,
                        (int)
                            Math.min(
                                Integer.MAX_VALUE,
                                rows == 0 ? 0 : (sampleRows * f.liveRows() + rows - 1) / rows))
                    .iterator());
    List<Trained> result =
        sample
            .repartition(1)
            .mapPartitions(
                (Iterator<float[]> vectors) -> {
                  List<float[]> all = new ArrayList<>();
                  vectors.forEachRemaining(all::add);
                  float[] centroids =
                      KMeans.train(
                          all.toArray(new float[0][]),
                          dimension,
                          settings.partitions(),
                          settings.metric(),
                          indexId.hashCode());
                  VectorIndex.IndexFile file =
                      IvfFiles.writeCentroids(
                          context.tableUri(), context.conf(), indexId, centroids, dimension);
                  return List.of(new Trained(centroids, file)).iterator();
                })
            .collect();
    return result.get(0);
  }

  /** Writes one segment per fragment, in the tasks of one job. */
  private static List<VectorIndex.Segment> encode(
      SparkContext sc,
      JavaSparkContext jsc,
      TableScanContext context,
      List<Fragment> fragments,
      TableSchema projection,
      IvfOptions settings,
      String indexId,
      Trained trained) {
    if (fragments.isEmpty()) {
      return List.of();
    }
    Broadcast<float[]> centroids = jsc.broadcast(trained.centroids());
    IndexSegmentTask task =
        new IndexSegmentTask(context, indexId, projection, centroids, settings.metric());
    Received received = new Received(fragments.size());
    sc.runJob(
        jsc.parallelize(fragments, fragments.size()).rdd(),
        task,
        received,
        ClassTag$.MODULE$.apply(VectorIndex.Segment.class));
    return received.all();
  }

  /** The segment of each task, as Spark hands over one attempt's result per task. */
  private static final class Received
      extends AbstractFunction2<Object, VectorIndex.Segment, BoxedUnit> {
    private final AtomicReferenceArray<VectorIndex.Segment> byTask;

    Received(int tasks) {
      this.byTask = new AtomicReferenceArray<>(tasks);
    }

    @Override
    public BoxedUnit apply(Object task, VectorIndex.Segment segment) {
      byTask.set((Integer) task, segment);
      return BoxedUnit.UNIT;
    }

    List<VectorIndex.Segment> all() {
      List<VectorIndex.Segment> out = new ArrayList<>();
      for (int i = 0; i < byTask.length(); i++) {
        out.add(byTask.get(i));
      }
      return out;
    }
  }
}
