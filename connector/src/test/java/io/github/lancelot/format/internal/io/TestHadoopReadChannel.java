package io.github.lancelot.format.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHadoopReadChannel {
  @TempDir Path dir;

  @Test
  void aReadIntoAnOffHeapBufferLargerThanOneChunkReturnsTheFileBytesFromAnyPosition()
      throws Exception {
    byte[] content = new byte[700_000];
    new Random(7).nextBytes(content);
    Path file = dir.resolve("data.bin");
    Files.write(file, content);
    FileSystem fs = FileSystem.getLocal(new Configuration());
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file.toUri());

    try (HadoopReadChannel channel = new HadoopReadChannel(fs.open(path), content.length)) {
      channel.position(1_234);
      ByteBuffer direct = ByteBuffer.allocateDirect(600_000);
      assertThat(channel.read(direct)).isEqualTo(600_000);
      assertThat(channel.position()).isEqualTo(601_234);
      assertThat(bytes(direct)).isEqualTo(Arrays.copyOfRange(content, 1_234, 601_234));

      ByteBuffer rest = ByteBuffer.allocateDirect(200_000);
      assertThat(channel.read(rest)).isEqualTo(content.length - 601_234);
      assertThat(bytes(rest)).isEqualTo(Arrays.copyOfRange(content, 601_234, content.length));
      assertThat(channel.read(ByteBuffer.allocateDirect(10))).isEqualTo(-1);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    buffer.flip();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }
}
