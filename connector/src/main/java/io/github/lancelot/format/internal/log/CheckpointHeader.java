package io.github.lancelot.format.internal.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The first line of a checkpoint file: which version it holds and how many fragments follow. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointHeader(long version, long maxFragmentId, long numFragments) {}
