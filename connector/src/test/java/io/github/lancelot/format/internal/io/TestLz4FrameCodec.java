package io.github.lancelot.format.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.testing.AcrossLines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@AcrossLines
class TestLz4FrameCodec {
  private static final int PREFIX = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;

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
  void buffersAreWrittenInLz4sDefault64KiBBlocks() {
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);
    ArrowBuf compressed = compress(compressibleBytes(1_000_000), ours);
    try {
      // After the 8-byte length and the frame's magic number and flags, the block descriptor
      // holds the largest block size: 4 is 64 KiB (7 would be 4 MiB).
      byte blockDescriptor = compressed.getByte(PREFIX + 4 + 1);
      assertThat((blockDescriptor >> 4) & 7).isEqualTo(4);
    } finally {
      compressed.close();
    }
  }

  @Test
  void buffersWrittenIn4MiBBlocksAreStillRead() throws IOException {
    byte[] data = compressibleBytes(5_000_000);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_4MB)) {
      out.write(data);
    }
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);

    assertThat(decompress(withLength(data.length, frame.toByteArray()), ours)).isEqualTo(data);
  }

  @Test
  void aBufferWhoseLengthDisagreesWithItsFrameIsRefused() {
    byte[] data = compressibleBytes(100_000);
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);
    byte[] frame = frameOf(data, ours);

    try (ArrowBuf claimsMore = withLength(data.length + 1, frame);
        ArrowBuf claimsLess = withLength(data.length - 1, frame)) {
      assertThatThrownBy(() -> ours.decompress(allocator, claimsMore))
          .hasMessageEndingWith("an LZ4 Arrow buffer holds 100000 bytes, its header says 100001");
      assertThatThrownBy(() -> ours.decompress(allocator, claimsLess))
          .hasMessageEndingWith(
              "an LZ4 Arrow buffer holds more than 99999 bytes, its header says 99999");
    }
  }

  @Test
  void aTruncatedFrameIsRefusedAndHoldsNoArrowMemory() {
    byte[] data = compressibleBytes(300_000);
    CompressionCodec ours = ArrowCodecs.INSTANCE.createCodec(CodecType.LZ4_FRAME);
    byte[] frame = frameOf(data, ours);
    byte[] firstHalf = Arrays.copyOf(frame, frame.length / 2);

    try (ArrowBuf truncated = withLength(data.length, firstHalf)) {
      assertThatThrownBy(() -> ours.decompress(allocator, truncated))
          .hasMessage("decompressing an LZ4 Arrow buffer");
      assertThat(allocator.getAllocatedMemory()).isEqualTo(truncated.capacity());
    }
  }

  @Test
  void zstdAndNoCompressionAreArrowsCodecs() {
    assertThat(ArrowCodecs.INSTANCE.createCodec(CodecType.ZSTD).getCodecType())
        .isEqualTo(CodecType.ZSTD);
    assertThat(ArrowCodecs.INSTANCE.createCodec(CodecType.NO_COMPRESSION).getCodecType())
        .isEqualTo(CodecType.NO_COMPRESSION);
  }

  private byte[] roundTrip(byte[] data, CompressionCodec writer, CompressionCodec reader) {
    return decompress(compress(data, writer), reader, data.length);
  }

  private ArrowBuf compress(byte[] data, CompressionCodec codec) {
    ArrowBuf plain = allocator.buffer(data.length);
    plain.setBytes(0, data);
    plain.writerIndex(data.length);
    return codec.compress(allocator, plain);
  }

  private byte[] decompress(ArrowBuf compressed, CompressionCodec codec) {
    return decompress(compressed, codec, (int) compressed.getLong(0));
  }

  private byte[] decompress(ArrowBuf compressed, CompressionCodec codec, int length) {
    ArrowBuf restored = codec.decompress(allocator, compressed);
    try {
      // Arrow 12's own codec leaves the writer index to the IPC reader, which knows the length.
      byte[] out = new byte[length];
      restored.getBytes(0, out);
      return out;
    } finally {
      restored.close();
    }
  }

  /** The LZ4 frame the codec writes for {@code data}, without Arrow's length prefix. */
  private byte[] frameOf(byte[] data, CompressionCodec codec) {
    try (ArrowBuf compressed = compress(data, codec)) {
      byte[] frame = new byte[(int) compressed.writerIndex() - PREFIX];
      compressed.getBytes(PREFIX, frame);
      return frame;
    }
  }

  /** An Arrow compressed buffer: the uncompressed length, little-endian, then the frame. */
  private ArrowBuf withLength(long length, byte[] frame) {
    ArrowBuf buffer = allocator.buffer(PREFIX + frame.length);
    buffer.setLong(0, length);
    buffer.setBytes(PREFIX, frame);
    buffer.writerIndex(PREFIX + frame.length);
    return buffer;
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
