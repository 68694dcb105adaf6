package io.github.lancelot.format.index;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentReader;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ArrowMemory;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.json.Json;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Writes the segment of an IVF index for one fragment (format.md section 20.2): reads every
 * physical row of the indexed column, assigns each vector to its partition, and writes one record
 * batch per partition, then one of the rows whose score can be NULL. The fragment's vectors are
 * held in memory while it is written ({@code rows × dimension} floats).
 */
public final class IvfSegmentWriter {
  static final String BATCH_ROWS = "lancelot:batch-rows";
  static final String FRAGMENT_ID = "fragment_id";
  static final String ROW_OFFSET = "row_offset";
  static final String VECTOR = "vector";

  private IvfSegmentWriter() {}

  static Schema schema(int dimension, Map<String, String> metadata) {
    return new Schema(
        List.of(
            new Field(FRAGMENT_ID, FieldType.notNullable(new ArrowType.Int(64, true)), null),
            new Field(ROW_OFFSET, FieldType.notNullable(new ArrowType.Int(64, true)), null),
            IvfFiles.vectorField(VECTOR, dimension, true)),
        metadata);
  }

  /**
   * Writes the segment of {@code fragment} into the index's folder and describes it. The column
   * must be a float vector column the fragment has a data file for.
   */
  public static VectorIndex.Segment write(
      String tableUri,
      Configuration conf,
      String indexId,
      Fragment fragment,
      TableSchema.Column column,
      float[] centroids,
      IndexMetric metric) {
    TableLocation location = new TableLocation(tableUri, conf);
    DataFile dataFile = fragment.fileHolding(column.id()).orElseThrow();
    int dimension = ((ArrowType.FixedSizeList) column.field().getType()).getListSize();
    long total = fragment.physicalRows() * dimension;
    if (total > Integer.MAX_VALUE - 8) {
      throw TableErrors.invalidIndexOption(
          tableUri,
          indexId,
          "column",
          column.name(),
          "fragment " + fragment.id() + " holds too many vectors for one segment");
    }
    int rows = (int) fragment.physicalRows();
    float[] vectors = new float[(int) total];
    boolean[] nullVector = new boolean[rows];
    boolean[] nullScore = new boolean[rows];
    List<Integer> batchRows = new ArrayList<>();
    Fragment allRows =
        new Fragment(fragment.id(), fragment.physicalRows(), fragment.files(), null, Map.of());
    try (BufferAllocator allocator =
            ArrowMemory.newChild("ivf-segment-reading-fragment " + fragment.id());
        FragmentReader reader =
            new FragmentReader(
                tableUri,
                conf,
                allRows,
                new TableSchema(List.of(column), column.id()),
                allocator,
                FragmentReader.DeletedRows.SKIPPED_BY_POSITION)) {
      while (reader.hasNext()) {
        try (FragmentBatch batch = reader.next()) {
          FixedSizeListVector list = (FixedSizeListVector) batch.root().getVector(0);
          Float4Vector elements = (Float4Vector) list.getDataVector();
          int n = batch.rowCount();
          batchRows.add(n);
          for (int i = 0; i < n; i++) {
            int row = (int) batch.rowOffset(i);
            boolean isNull = list.isNull(i);
            float magnitude = 0;
            for (int d = 0; d < dimension && !isNull; d++) {
              int e = i * dimension + d;
              if (elements.isNull(e)) {
                isNull = true;
              } else {
                float v = elements.get(e);
                vectors[row * dimension + d] = v;
                magnitude += v * v;
              }
            }
            nullVector[row] = isNull;
            nullScore[row] = isNull || magnitude == 0;
          }
        }
      }
    }
    int partitions = centroids.length / dimension;
    int[] assigned = new int[rows];
    IntStream.range(0, rows)
        .parallel()
        .forEach(
            r ->
                assigned[r] =
                    nullScore[r]
                        ? partitions
                        : metric.assign(centroids, dimension, vectors, r * dimension));
    Map<String, List<Integer>> layout = new TreeMap<>();
    layout.put(String.valueOf(fragment.id()), batchRows);
    String stored = IvfFiles.newFile(indexId, "segment");
    Path path = location.resolve(stored);
    Schema schema = schema(dimension, Map.of(BATCH_ROWS, Json.write(layout)));
    int[][] members = members(assigned, partitions + 1);
    try (BufferAllocator allocator = ArrowMemory.newChild("ivf-segment-writer " + stored);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        FSDataOutputStream out = location.fs().create(path, false);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
      writer.start();
      for (int p = 0; p <= partitions; p++) {
        fillBatch(root, fragment.id(), members[p], vectors, nullVector, dimension);
        writer.writeBatch();
      }
      writer.end();
    } catch (IOException e) {
      throw TableErrors.ioError("writing " + path, e);
    }
    long size;
    try {
      size = location.fs().getFileStatus(path).getLen();
    } catch (IOException e) {
      throw TableErrors.ioError("reading the length of " + path, e);
    }
    return new VectorIndex.Segment(
        stored, size, List.of(new VectorIndex.IndexedFragment(fragment.id(), dataFile.path())));
  }

  /** The rows of each partition, in row order. */
  private static int[][] members(int[] assigned, int groups) {
    int[] counts = new int[groups];
    for (int p : assigned) {
      counts[p]++;
    }
    int[][] out = new int[groups][];
    for (int p = 0; p < groups; p++) {
      out[p] = new int[counts[p]];
    }
    int[] next = new int[groups];
    for (int r = 0; r < assigned.length; r++) {
      out[assigned[r]][next[assigned[r]]++] = r;
    }
    return out;
  }

  private static void fillBatch(
      VectorSchemaRoot root,
      long fragmentId,
      int[] rows,
      float[] vectors,
      boolean[] nullVector,
      int dimension) {
    BigIntVector ids = (BigIntVector) root.getVector(FRAGMENT_ID);
    BigIntVector offsets = (BigIntVector) root.getVector(ROW_OFFSET);
    FixedSizeListVector list = (FixedSizeListVector) root.getVector(VECTOR);
    ids.allocateNew(rows.length);
    offsets.allocateNew(rows.length);
    list.allocateNew();
    Float4Vector elements = (Float4Vector) list.getDataVector();
    elements.allocateNew(rows.length * dimension);
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      ids.set(i, fragmentId);
      offsets.set(i, r);
      if (nullVector[r]) {
        list.setNull(i);
        for (int d = 0; d < dimension; d++) {
          elements.setNull(i * dimension + d);
        }
        continue;
      }
      list.setNotNull(i);
      for (int d = 0; d < dimension; d++) {
        elements.set(i * dimension + d, vectors[r * dimension + d]);
      }
    }
    ids.setValueCount(rows.length);
    offsets.setValueCount(rows.length);
    elements.setValueCount(rows.length * dimension);
    list.setValueCount(rows.length);
    root.setRowCount(rows.length);
  }
}
