package io.github.lancelot.format.internal.log;

/**
 * The first line of a checkpoint file: which version it holds, how many fragments follow, and the
 * row id high-water mark (null in checkpoints written before row lineage was recorded).
 */
public record CheckpointHeader(
    long version, long maxFragmentId, long numFragments, Long rowIdHighWaterMark) {}
