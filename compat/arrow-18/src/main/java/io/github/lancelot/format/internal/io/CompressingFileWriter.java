package io.github.lancelot.format.internal.io;

import java.nio.channels.WritableByteChannel;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * An Arrow IPC file writer that compresses every buffer with a codec, on Arrow 18: the codec's
 * default level. Arrow 12 writes the same file through a constructor without the level.
 */
final class CompressingFileWriter {
  private CompressingFileWriter() {}

  static ArrowFileWriter create(
      VectorSchemaRoot root, WritableByteChannel out, CompressionUtil.CodecType codec) {
    return new ArrowFileWriter(
        root,
        null,
        out,
        Map.of(),
        IpcOption.DEFAULT,
        ArrowCodecs.INSTANCE,
        codec,
        Optional.empty());
  }
}
