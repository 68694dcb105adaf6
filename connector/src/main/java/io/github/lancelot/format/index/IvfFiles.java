package io.github.lancelot.format.index;

import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.ArrowMemory;
import io.github.lancelot.format.internal.io.HadoopReadChannel;
import io.github.lancelot.format.internal.io.KnownLengthFiles;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Where an index's files live ({@code _indexes/<id>/}) and the centroids file of an IVF index: an
 * Arrow IPC file with one vector column {@code centroid}, one row per partition.
 */
public final class IvfFiles {
  static final String CENTROID = "centroid";

  private IvfFiles() {}

  /** The folder of an index build, relative to the table. */
  public static String folder(String indexId) {
    return TableLocation.INDEXES_DIR + "/" + indexId;
  }

  /** A new file name in the index's folder, unique to the attempt writing it. */
  static String newFile(String indexId, String prefix) {
    return folder(indexId) + "/" + prefix + "-" + UUID.randomUUID() + ".arrow";
  }

  static Field vectorField(String name, int dimension, boolean nullable) {
    Field element =
        new Field(
            "element",
            FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
            null);
    return new Field(
        name,
        new FieldType(nullable, new ArrowType.FixedSizeList(dimension), null),
        List.of(element));
  }

  /** Writes the centroids ({@code count × dimension} floats) as the index's centroids file. */
  public static VectorIndex.IndexFile writeCentroids(
      String tableUri, Configuration conf, String indexId, float[] centroids, int dimension) {
    TableLocation location = new TableLocation(tableUri, conf);
    String stored = newFile(indexId, "centroids");
    Path path = location.resolve(stored);
    Schema schema = new Schema(List.of(vectorField(CENTROID, dimension, false)));
    int count = centroids.length / dimension;
    try (BufferAllocator allocator = ArrowMemory.newChild("ivf-centroids-writer " + stored);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      FixedSizeListVector column = (FixedSizeListVector) root.getVector(0);
      fill(column, centroids, count, dimension);
      root.setRowCount(count);
      try (FSDataOutputStream out = location.fs().create(path, false);
          ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(out))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      return new VectorIndex.IndexFile(stored, location.fs().getFileStatus(path).getLen());
    } catch (IOException e) {
      throw TableErrors.ioError("writing " + path, e);
    }
  }

  static void fill(FixedSizeListVector column, float[] values, int rows, int dimension) {
    column.allocateNew();
    Float4Vector elements = (Float4Vector) column.getDataVector();
    elements.allocateNew(rows * dimension);
    for (int r = 0; r < rows; r++) {
      column.setNotNull(r);
      for (int d = 0; d < dimension; d++) {
        elements.set(r * dimension + d, values[r * dimension + d]);
      }
    }
    elements.setValueCount(rows * dimension);
    column.setValueCount(rows);
  }

  /**
   * The centroids of an IVF index, or null when its centroids file is not one this release can read
   * (the index is then ignored).
   */
  public static float[] readCentroids(String tableUri, Configuration conf, VectorIndex index) {
    if (index.files().isEmpty()) {
      return null;
    }
    VectorIndex.IndexFile file = index.files().get(0);
    TableLocation location = new TableLocation(tableUri, conf);
    Path path;
    try {
      path = location.resolveIndexFile(file.path(), index.name());
    } catch (RuntimeException e) {
      return null;
    }
    // Index files are never rewritten (their names are new UUIDs), so a cached copy stays right.
    String key = path + "@" + file.sizeInBytes();
    float[] cached = CENTROIDS.get(key);
    if (cached != null) {
      return cached;
    }
    float[] read = readCentroids(location, path, file);
    if (read != null) {
      if (CENTROIDS.size() >= 16) {
        CENTROIDS.clear();
      }
      CENTROIDS.put(key, read);
    }
    return read;
  }

  /** Centroids read lately in this JVM, by file: every task of a search needs them. */
  private static final Map<String, float[]> CENTROIDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static float[] readCentroids(
      TableLocation location, Path path, VectorIndex.IndexFile file) {
    try (BufferAllocator allocator = ArrowMemory.newChild("ivf-centroids-reader " + path);
        ArrowFileReader reader = open(location, path, file.sizeInBytes(), allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (root.getFieldVectors().size() != 1
          || !(root.getVector(0) instanceof FixedSizeListVector column)
          || !(column.getDataVector() instanceof Float4Vector)) {
        return null;
      }
      int dimension = column.getListSize();
      float[] out = new float[0];
      int rows = 0;
      while (reader.loadNextBatch()) {
        int n = root.getRowCount();
        float[] grown = new float[(rows + n) * dimension];
        System.arraycopy(out, 0, grown, 0, out.length);
        Float4Vector elements = (Float4Vector) column.getDataVector();
        for (int i = 0; i < n * dimension; i++) {
          grown[rows * dimension + i] = elements.get(i);
        }
        out = grown;
        rows += n;
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static ArrowFileReader open(
      TableLocation location, Path path, long size, BufferAllocator allocator) throws IOException {
    return new ArrowFileReader(
        new HadoopReadChannel(KnownLengthFiles.open(location.fs(), path, size), size), allocator);
  }

  /** Deletes an index build's folder and everything in it; false if that failed. */
  public static boolean deleteFolder(String tableUri, Configuration conf, String indexId) {
    TableLocation location = new TableLocation(tableUri, conf);
    try {
      Path folder = location.resolve(folder(indexId));
      return !location.fs().exists(folder) || location.fs().delete(folder, true);
    } catch (IOException e) {
      return false;
    }
  }

  /** Deletes one file an index build wrote; false if that failed. */
  public static boolean deleteFile(String tableUri, Configuration conf, String stored) {
    TableLocation location = new TableLocation(tableUri, conf);
    try {
      return location.fs().delete(location.resolve(stored), false);
    } catch (IOException e) {
      return false;
    }
  }
}
