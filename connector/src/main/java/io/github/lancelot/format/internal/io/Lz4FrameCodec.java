package io.github.lancelot.format.internal.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.hadoop.io.DataInputByteBuffer;

/**
 * Arrow's {@code LZ4_FRAME} buffer codec on lz4-java, the LZ4 library Spark ships (native where it
 * can load, otherwise its fast Java port). Arrow's own codec runs commons-compress's LZ4, which
 * compresses megabytes a second rather than hundreds; the frames are the same standard LZ4 frame
 * format, so either reads what the other wrote.
 */
final class Lz4FrameCodec extends AbstractCompressionCodec {
  private static final int PREFIX = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;

  /**
   * LZ4's default frame block size, as Arrow C++ and the {@code lz4} tool write: a reader allocates
   * two buffers of the block size for each frame, and each Arrow buffer is its own frame, so
   * lz4-java's 4 MiB default would cost 8 MiB of allocation for every buffer, however small.
   */
  private static final BLOCKSIZE BLOCK_SIZE = BLOCKSIZE.SIZE_64KB;

  /** Bytes moved between Arrow memory and the frame streams at a time: one block. */
  private static final int CHUNK = 64 * 1024;

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    long length = uncompressed.writerIndex();
    ByteArrayOutputStream frames = new ByteArrayOutputStream((int) (length / 2) + 64);
    byte[] chunk = new byte[(int) Math.min(length, CHUNK)];
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frames, BLOCK_SIZE)) {
      for (long at = 0; at < length; at += chunk.length) {
        int n = (int) Math.min(chunk.length, length - at);
        uncompressed.getBytes(at, chunk, 0, n);
        out.write(chunk, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("compressing an Arrow buffer with LZ4", e);
    }
    byte[] out = frames.toByteArray();
    ArrowBuf compressed = allocator.buffer(PREFIX + out.length);
    compressed.setBytes(PREFIX, out);
    compressed.writerIndex(PREFIX + out.length);
    return compressed;
  }

  @Override
  protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
    long length = readUncompressedLength(compressed);
    ArrowBuf decompressed = allocator.buffer(length);
    try {
      long read = readFrames(compressed, decompressed, length);
      if (read != length) {
        throw new UncheckedIOException(
            new IOException(
                "an LZ4 Arrow buffer holds "
                    + (read > length ? "more than " + length : read)
                    + " bytes, its header says "
                    + length));
      }
      decompressed.writerIndex(length);
      return decompressed;
    } catch (RuntimeException e) {
      decompressed.close();
      throw e;
    }
  }

  /**
   * Decodes the frames after the length prefix into {@code into}, a chunk at a time, straight from
   * Arrow memory: a whole buffer copied to or from the heap would be one large array per buffer
   * read. Returns the bytes decoded, stopping once there are more than {@code length}.
   */
  private static long readFrames(ArrowBuf compressed, ArrowBuf into, long length) {
    DataInputByteBuffer source = new DataInputByteBuffer();
    source.reset(compressed.nioBuffer(PREFIX, (int) (compressed.writerIndex() - PREFIX)));
    byte[] chunk = new byte[(int) Math.min(length + 1, CHUNK)];
    long read = 0;
    try (LZ4FrameInputStream frames = new LZ4FrameInputStream(source)) {
      int n;
      while ((n = frames.read(chunk, 0, (int) Math.min(chunk.length, length + 1 - read))) > 0) {
        if (read + n > length) {
          return read + n;
        }
        into.setBytes(read, chunk, 0, n);
        read += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("decompressing an LZ4 Arrow buffer", e);
    }
    return read;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }
}
