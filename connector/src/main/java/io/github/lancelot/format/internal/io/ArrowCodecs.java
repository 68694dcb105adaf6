package io.github.lancelot.format.internal.io;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * The buffer codecs fragment files are written and read with: LZ4 frames through lz4-java ({@link
 * Lz4FrameCodec}), ZSTD through Arrow's own codec (zstd-jni).
 */
public final class ArrowCodecs implements CompressionCodec.Factory {
  public static final ArrowCodecs INSTANCE = new ArrowCodecs();

  private ArrowCodecs() {}

  @Override
  public CompressionCodec createCodec(CompressionUtil.CodecType codecType) {
    return switch (codecType) {
      case LZ4_FRAME -> new Lz4FrameCodec();
      case ZSTD -> CommonsCompressionFactory.INSTANCE.createCodec(codecType);
      case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
    };
  }

  /**
   * The codec at its default level: Arrow 18's factory interface also takes a level, which
   * Lancelot's writers never set (Arrow 12's has none).
   */
  public CompressionCodec createCodec(CompressionUtil.CodecType codecType, int compressionLevel) {
    return createCodec(codecType);
  }
}
