package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.internal.log.CheckpointHeader;

/**
 * The {@code checkpoint} header, the first line of a checkpoint file, on disk; one written before
 * row lineage was recorded has no {@code rowIdHighWaterMark}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointHeaderJson(
    long version, long maxFragmentId, long numFragments, Long rowIdHighWaterMark) {
  public static CheckpointHeaderJson of(CheckpointHeader h) {
    return new CheckpointHeaderJson(
        h.version(), h.maxFragmentId(), h.numFragments(), h.rowIdHighWaterMark());
  }

  public CheckpointHeader toCheckpointHeader() {
    if (rowIdHighWaterMark != null && rowIdHighWaterMark < 0) {
      throw new IllegalArgumentException(
          "the checkpoint's rowIdHighWaterMark " + rowIdHighWaterMark + " is negative");
    }
    return new CheckpointHeader(version, maxFragmentId, numFragments, rowIdHighWaterMark);
  }
}
