package io.github.lancelot.format.internal.log;

/** The first line of a checkpoint file: which version it holds and how many fragments follow. */
public record CheckpointHeader(long version, long maxFragmentId, long numFragments) {}
