package io.github.lancelot.format.internal.io;

import java.io.ByteArrayInputStream;
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

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    byte[] in = new byte[(int) uncompressed.writerIndex()];
    uncompressed.getBytes(0, in);
    ByteArrayOutputStream frames = new ByteArrayOutputStream(in.length / 2 + 64);
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frames, BLOCK_SIZE)) {
      out.write(in);
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
    byte[] in = new byte[(int) (compressed.writerIndex() - PREFIX)];
    compressed.getBytes(PREFIX, in);
    byte[] out = new byte[(int) length];
    int read;
    try (LZ4FrameInputStream frames = new LZ4FrameInputStream(new ByteArrayInputStream(in))) {
      read = frames.readNBytes(out, 0, out.length);
      if (read == out.length && frames.read() >= 0) {
        read++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("decompressing an LZ4 Arrow buffer", e);
    }
    if (read != length) {
      throw new UncheckedIOException(
          new IOException(
              "an LZ4 Arrow buffer holds "
                  + (read > length ? "more than " + length : read)
                  + " bytes, its header says "
                  + length));
    }
    ArrowBuf decompressed = allocator.buffer(length);
    decompressed.setBytes(0, out);
    decompressed.writerIndex(length);
    return decompressed;
  }

  @Override
  public CompressionUtil.CodecType getCodecType() {
    return CompressionUtil.CodecType.LZ4_FRAME;
  }
}
