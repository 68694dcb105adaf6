package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.DeletionFile;
import io.github.lancelot.format.Fragment;
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

  /**
   * Reads a fragment's deletion vector, checking it against the log: its cardinality, and that it
   * marks only rows the fragment has.
   */
  public static RoaringBitmap read(TableLocation location, Fragment fragment) {
    DeletionFile file = fragment.deletionFile();
    Path path = location.resolveStored(file.path(), fragment.id());
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
    if (!bitmap.isEmpty() && Integer.toUnsignedLong(bitmap.last()) >= fragment.physicalRows()) {
      throw TableErrors.corruptFile(
          path.toString(),
          "it deletes row offset "
              + Integer.toUnsignedLong(bitmap.last())
              + ", but fragment "
              + fragment.id()
              + " has only "
              + fragment.physicalRows()
              + " rows");
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
      long size = out.getPos();
      return new DeletionFile(relative, deleted.getLongCardinality(), size);
    } catch (IOException e) {
      throw TableErrors.ioError("writing deletion vector " + path, e);
    }
  }
}
