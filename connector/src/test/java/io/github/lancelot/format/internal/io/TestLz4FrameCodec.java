package io.github.lancelot.format.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestLz4FrameCodec {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void buffersCompressedByLancelotDecompressWithArrowsOwnCodecAndTheOtherWayRound() {
    byte[] data = compressibleBytes(3_000_000);
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);
    CompressionCodec arrows = CommonsCompressionFactory.INSTANCE.createCodec(CodecType.LZ4_FRAME);

    assertThat(roundTrip(data, ours, arrows)).isEqualTo(data);
    assertThat(roundTrip(data, ours, ours)).isEqualTo(data);
    // Arrow's own codec compresses so slowly that a small buffer shows the other direction.
    byte[] small = compressibleBytes(64 * 1024);
    assertThat(roundTrip(small, arrows, ours)).isEqualTo(small);
  }

  @Test
  void aBufferThatDoesNotShrinkIsStoredAsItIsAndReadBack() {
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);

    assertThat(roundTrip(data, ours, ours)).isEqualTo(data);
  }

  @Test
  void zstdAndNoCompressionAreArrowsCodecs() {
    assertThat(ArrowCodecs.INSTANCE.createCodec(CodecType.ZSTD).getCodecType())
        .isEqualTo(CodecType.ZSTD);
    assertThat(ArrowCodecs.INSTANCE.createCodec(CodecType.NO_COMPRESSION).getCodecType())
        .isEqualTo(CodecType.NO_COMPRESSION);
  }

  private byte[] roundTrip(byte[] data, CompressionCodec writer, CompressionCodec reader) {
    ArrowBuf plain = allocator.buffer(data.length);
    plain.setBytes(0, data);
    plain.writerIndex(data.length);
    ArrowBuf compressed = writer.compress(allocator, plain);
    ArrowBuf restored = reader.decompress(allocator, compressed);
    try {
      // Arrow 12's own codec leaves the writer index to the IPC reader, which knows the length.
      byte[] out = new byte[data.length];
      restored.getBytes(0, out);
      return out;
    } finally {
      restored.close();
    }
  }

  /** Longs counting up with a little noise, as an id column's buffer looks. */
  private static byte[] compressibleBytes(int size) {
    byte[] out = new byte[size];
    Random random = new Random(11);
    for (int i = 0; i + 8 <= size; i += 8) {
      long v = i / 8 + (random.nextInt(16) == 0 ? random.nextInt(1000) : 0);
      for (int b = 0; b < 8; b++) {
        out[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return out;
  }
}
