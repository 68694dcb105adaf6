package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The content of {@code _versions/_last_checkpoint}: the newest checkpoint's version and fragment
 * count.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LastCheckpointJson(long version, long numFragments) {}
