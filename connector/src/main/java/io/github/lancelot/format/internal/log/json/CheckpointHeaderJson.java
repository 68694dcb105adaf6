package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.CheckpointHeader;

/** The {@code checkpoint} header, the first line of a checkpoint file, on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointHeaderJson(long version, long maxFragmentId, long numFragments) {
  public static CheckpointHeaderJson of(CheckpointHeader h) {
    return new CheckpointHeaderJson(h.version(), h.maxFragmentId(), h.numFragments());
  }

  public CheckpointHeader toCheckpointHeader() {
    return new CheckpointHeader(version, maxFragmentId, numFragments);
  }
}
