package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.json.Json;
import io.github.lancelot.format.internal.log.json.LastCheckpointJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * {@code _versions/_last_checkpoint}: the version of the newest checkpoint, so a reader of a known
 * version can start from it without listing the log. Only a hint: a missing, stale or unreadable
 * one is ignored.
 */
final class LastCheckpointHint {
  private LastCheckpointHint() {}

  static OptionalLong read(TableLocation location) {
    Path file = new Path(location.versionsDir(), LogFiles.LAST_CHECKPOINT);
    try (InputStream in = location.fs().open(file)) {
      return OptionalLong.of(Json.read(in, LastCheckpointJson.class).version());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  static void write(TableLocation location, long version, long numFragments) throws IOException {
    Path file = new Path(location.versionsDir(), LogFiles.LAST_CHECKPOINT);
    try (FSDataOutputStream out = location.fs().create(file, true)) {
      out.write(Json.writeBytes(new LastCheckpointJson(version, numFragments)));
    }
  }
}
