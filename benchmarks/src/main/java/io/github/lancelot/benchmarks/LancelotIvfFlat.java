package io.github.lancelot.benchmarks;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import io.github.lancelot.format.index.IvfFiles;
import io.github.lancelot.format.index.IvfOptions;
import io.github.lancelot.format.index.IvfSegmentSearch;
import io.github.lancelot.format.index.IvfSegmentWriter;
import io.github.lancelot.format.index.KMeans;
import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.format.vectors.BestScores;
import io.github.lancelot.format.vectors.VectorMeasure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;

/**
 * Lancelot's {@code ivf_flat} index as the product builds and searches it, without Spark: the rows
 * are written as a table of {@code fragments} fragments; the build samples vectors, trains the
 * centroids ({@link KMeans}), writes them, and writes one segment per fragment ({@link
 * IvfSegmentWriter}), the fragments on threads of their own as Spark's tasks would; a query
 * searches every segment ({@link IvfSegmentSearch}, reading the probed partitions from the local
 * file system) and keeps the best rows of all. The data table is written before the timed build.
 */
final class LancelotIvfFlat implements IndexKind {
  private static final int[] PROBES = {5, 20};

  private final Path dir;
  private final int fragments;
  private final Configuration conf = new Configuration();
  private String tableUri;
  private List<Fragment> written;
  private final Map<Long, Long> firstRowOf = new HashMap<>();
  private IvfOptions options;
  private VectorIndex index;
  private float[] centroids;
  private final List<List<Fragment>> coveredBySegment = new ArrayList<>();

  LancelotIvfFlat(Path dir, int fragments) {
    this.dir = dir;
    this.fragments = fragments;
  }

  @Override
  public String name() {
    return "Lancelot ivf_flat (default settings"
        + (options == null ? "" : ", " + options.partitions() + " partitions")
        + "), a segment per fragment, "
        + fragments
        + " fragments";
  }

  /** Writes the data set as a table of {@code fragments} fragments; not part of the build time. */
  void writeTable(VectorDataSet data) throws Exception {
    tableUri = dir.resolve("table-" + UUID.randomUUID()).toUri().toString();
    int dimension = data.dimension();
    Field element =
        new Field(
            "element",
            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    Field vec =
        new Field(
            "vec", FieldType.nullable(new ArrowType.FixedSizeList(dimension)), List.of(element));
    Field id = new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);
    Table table = Table.forPath(tableUri, conf);
    Snapshot base = table.createTable(TableSchema.of(List.of(id, vec)), Map.of()).commit();
    List<Fragment> all = new ArrayList<>();
    int rows = data.vectors().length;
    int batch = 8192;
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int f = 0; f < fragments; f++) {
        int from = (int) ((long) rows * f / fragments);
        int to = (int) ((long) rows * (f + 1) / fragments);
        try (FragmentWriter writer =
                table.newFragmentWriter(base.schema(), WriteOptions.defaults(), allocator);
            VectorSchemaRoot root =
                VectorSchemaRoot.create(base.schema().arrowSchema(), allocator)) {
          for (int start = from; start < to; start += batch) {
            fill(root, data, start, Math.min(to, start + batch));
            writer.write(root);
          }
          all.addAll(writer.finish());
        }
      }
    }
    Snapshot appended = table.newTransaction(base, Operation.APPEND).appendFragments(all).commit();
    written = appended.fragments();
    long first = 0;
    for (Fragment f : written) {
      firstRowOf.put(f.id(), first);
      first += f.physicalRows();
    }
  }

  private static void fill(VectorSchemaRoot root, VectorDataSet data, int from, int to) {
    int n = to - from;
    int dimension = data.dimension();
    BigIntVector ids = (BigIntVector) root.getVector(0);
    FixedSizeListVector list = (FixedSizeListVector) root.getVector(1);
    ids.allocateNew(n);
    list.allocateNew();
    Float4Vector elements = (Float4Vector) list.getDataVector();
    elements.allocateNew(n * dimension);
    for (int i = 0; i < n; i++) {
      ids.set(i, from + i);
      list.setNotNull(i);
      float[] v = data.vectors()[from + i];
      for (int d = 0; d < dimension; d++) {
        elements.set(i * dimension + d, v[d]);
      }
    }
    ids.setValueCount(n);
    elements.setValueCount(n * dimension);
    list.setValueCount(n);
    root.setRowCount(n);
  }

  @Override
  public void build(VectorDataSet data) throws Exception {
    int rows = data.vectors().length;
    int dimension = data.dimension();
    Table table = Table.forPath(tableUri, conf);
    TableSchema.Column column = table.latestSnapshot().schema().column("vec").orElseThrow();
    String indexId = UUID.randomUUID().toString();
    IvfOptions settings = IvfOptions.parse(tableUri, "by_vec", IvfOptions.KIND, Map.of(), rows);
    Random random = new Random(indexId.hashCode());
    float[][] sample =
        random
            .ints(0, rows)
            .distinct()
            .limit(Math.min(rows, settings.sampleRows()))
            .mapToObj(i -> data.vectors()[i])
            .toArray(float[][]::new);
    centroids =
        KMeans.train(
            sample, dimension, settings.partitions(), settings.metric(), indexId.hashCode());
    VectorIndex.IndexFile centroidsFile =
        IvfFiles.writeCentroids(tableUri, conf, indexId, centroids, dimension);
    ExecutorService tasks = Executors.newFixedThreadPool(fragments);
    List<VectorIndex.Segment> segments = new ArrayList<>();
    try {
      List<Future<VectorIndex.Segment>> running = new ArrayList<>();
      for (Fragment f : written) {
        running.add(
            tasks.submit(
                () ->
                    IvfSegmentWriter.write(
                        tableUri, conf, indexId, f, column, centroids, settings.metric())));
      }
      for (Future<VectorIndex.Segment> s : running) {
        segments.add(s.get());
      }
    } finally {
      tasks.shutdown();
    }
    options = settings.withPartitions(centroids.length / dimension);
    index =
        new VectorIndex(
            indexId,
            "by_vec",
            column.id(),
            IvfOptions.KIND,
            IvfOptions.KIND_VERSION,
            options.parameters(),
            0,
            List.of(centroidsFile),
            segments);
    coveredBySegment.clear();
    for (VectorIndex.Segment segment : segments) {
      coveredBySegment.add(
          written.stream()
              .filter(f -> segment.fragments().stream().anyMatch(x -> x.id() == f.id()))
              .toList());
    }
  }

  @Override
  public long sizeInBytes() {
    return index.files().stream().mapToLong(VectorIndex.IndexFile::sizeInBytes).sum()
        + index.segments().stream().mapToLong(VectorIndex.Segment::sizeInBytes).sum();
  }

  @Override
  public String sizeNote() {
    return "centroids and segment files (each row's vector, fragment id and row offset)";
  }

  @Override
  public List<String> settings() {
    List<String> out = new ArrayList<>();
    for (int p : PROBES) {
      out.add("nprobes " + p);
    }
    out.add("nprobes " + options.nprobes() + " (default)");
    return out;
  }

  @Override
  public long[] search(float[] query, int k, String setting) {
    int nprobes = Integer.parseInt(setting.split(" ")[1]);
    IvfSegmentSearch.Query q =
        new IvfSegmentSearch.Query(VectorMeasure.L2_DISTANCE, query, k, true, false, nprobes);
    BestScores<Long> best = new BestScores<>(k, true, false);
    for (int s = 0; s < index.segments().size(); s++) {
      IvfSegmentSearch.Candidates found =
          IvfSegmentSearch.search(
                  tableUri,
                  conf,
                  index,
                  index.segments().get(s),
                  centroids,
                  options.metric(),
                  q,
                  coveredBySegment.get(s))
              .orElseThrow();
      for (IvfSegmentSearch.RowRef row : found.best()) {
        Float score = VectorMeasure.L2_DISTANCE.between(query, 0, row.vector(), 0, query.length);
        best.offer(score, firstRowOf.get(row.fragmentId()) + row.rowOffset());
      }
    }
    return best.best().stream().mapToLong(Long::longValue).toArray();
  }
}
