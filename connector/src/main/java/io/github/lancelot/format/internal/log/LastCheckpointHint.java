package io.github.lancelot.format.internal.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * {@code _versions/_last_checkpoint}: the version of the newest checkpoint, so a reader of a known version can
 * start from it without listing the log. Only a hint: a missing, stale or unreadable one is ignored.
 */
final class LastCheckpointHint {
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Content(long version, long numFragments) {}

  private LastCheckpointHint() {}

  static OptionalLong read(TableLocation location) {
    Path file = new Path(location.versionsDir(), LogFiles.LAST_CHECKPOINT);
    try (InputStream in = location.fs().open(file)) {
      return OptionalLong.of(LogCodec.MAPPER.readValue(in, Content.class).version());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  static void write(TableLocation location, long version, long numFragments) throws IOException {
    Path file = new Path(location.versionsDir(), LogFiles.LAST_CHECKPOINT);
    try (FSDataOutputStream out = location.fs().create(file, true)) {
      out.write(LogCodec.toJson(new Content(version, numFragments)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
