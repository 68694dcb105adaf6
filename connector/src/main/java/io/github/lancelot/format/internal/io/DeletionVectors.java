package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.DeletionFile;
import io.github.lancelot.format.TableErrors;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads and writes deletion vectors: RoaringBitmap's portable serialization, nothing else, in
 * {@code _deletions/}.
 */
public final class DeletionVectors {
  private DeletionVectors() {}

  public static RoaringBitmap read(TableLocation location, DeletionFile file) {
    Path path = location.resolve(file.path());
    RoaringBitmap bitmap = new RoaringBitmap();
    try (FSDataInputStream in = location.fs().open(path)) {
      bitmap.deserialize(new DataInputStream(in));
    } catch (IOException | RuntimeException e) {
      throw TableErrors.corruptFile(
          path.toString(), "not a deletion vector (" + e.getMessage() + ")", e);
    }
    if (bitmap.getLongCardinality() != file.cardinality()) {
      throw TableErrors.corruptFile(
          path.toString(),
          "it deletes "
              + bitmap.getLongCardinality()
              + " rows where the log records "
              + file.cardinality());
    }
    return bitmap;
  }

  /** Writes a new deletion vector file for the fragment; the caller commits it. */
  public static DeletionFile write(
      TableLocation location, long fragmentId, long version, RoaringBitmap deleted) {
    String relative =
        TableLocation.DELETIONS_DIR
            + "/"
            + fragmentId
            + "-"
            + version
            + "-"
            + UUID.randomUUID()
            + ".bin";
    Path path = location.resolve(relative);
    deleted.runOptimize();
    try (FSDataOutputStream out = location.fs().create(path, false)) {
      deleted.serialize(new DataOutputStream(out));
      out.hflush();
      long size = out.getPos();
      return new DeletionFile(relative, deleted.getLongCardinality(), size);
    } catch (IOException e) {
      throw TableErrors.ioError("writing deletion vector " + path, e);
    }
  }
}
