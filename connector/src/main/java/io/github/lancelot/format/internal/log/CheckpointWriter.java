package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the full state at a version as a checkpoint, then points the last-checkpoint hint at it. A
 * checkpoint is an optimisation: failing to write one is logged and never fails the commit that
 * triggered it.
 */
public final class CheckpointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointWriter.class);
  private final TableLocation location;

  public CheckpointWriter(TableLocation location) {
    this.location = location;
  }

  /**
   * Writes a checkpoint that the table will depend on (cleanup is about to remove the commits
   * before it); unlike {@link #write}, failure is an error, and the last-checkpoint hint is left
   * alone.
   */
  public void writeRequired(TableState state) {
    FileSystem fs = location.fs();
    Path target = LogFiles.checkpoint(location.versionsDir(), state.version());
    Path tmp =
        new Path(location.versionsDir(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(LogCodec.encode(state.toCheckpoint()));
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("could not rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      throw io.github.lancelot.format.TableErrors.ioError("writing checkpoint " + target, e);
    }
  }

  public void write(TableState state) {
    FileSystem fs = location.fs();
    Path target = LogFiles.checkpoint(location.versionsDir(), state.version());
    Path tmp =
        new Path(location.versionsDir(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(LogCodec.encode(state.toCheckpoint()));
      }
      // Same content whoever writes it, so losing a race to another writer of this checkpoint is
      // fine.
      if (!fs.rename(tmp, target)) {
        fs.delete(tmp, false);
      }
      LastCheckpointHint.write(location, state.version(), state.fragments().size());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Could not write checkpoint {} of table {}", state.version(), location.displayName(), e);
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // a leftover hidden temp file is harmless
      }
    }
  }
}
