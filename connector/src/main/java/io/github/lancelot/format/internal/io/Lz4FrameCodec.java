package io.github.lancelot.format.internal.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
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

  @Override
  protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
    byte[] in = new byte[(int) uncompressed.writerIndex()];
    uncompressed.getBytes(0, in);
    ByteArrayOutputStream frames = new ByteArrayOutputStream(in.length / 2 + 64);
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frames)) {
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
    byte[] out;
    try (LZ4FrameInputStream frames = new LZ4FrameInputStream(new ByteArrayInputStream(in))) {
      out = frames.readNBytes((int) length);
    } catch (IOException e) {
      throw new UncheckedIOException("decompressing an LZ4 Arrow buffer", e);
    }
    if (out.length != length) {
      throw new UncheckedIOException(
          new IOException(
              "an LZ4 Arrow buffer holds " + out.length + " bytes, its header says " + length));
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
