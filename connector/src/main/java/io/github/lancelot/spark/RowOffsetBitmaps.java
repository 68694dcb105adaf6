package io.github.lancelot.spark;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Row offsets of one fragment as they travel from a task to the driver: a RoaringBitmap in its
 * portable serialization, run-optimised first, so that a run of consecutive rows (a whole fragment)
 * costs a few bytes.
 */
final class RowOffsetBitmaps {
  private RowOffsetBitmaps() {}

  static byte[] serialize(RoaringBitmap bitmap) {
    bitmap.runOptimize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(bitmap.serializedSizeInBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      bitmap.serialize(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static RoaringBitmap deserialize(byte[] bytes) {
    RoaringBitmap bitmap = new RoaringBitmap();
    try {
      bitmap.deserialize(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bitmap;
  }
}
