package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The content of a clone reference {@code _refs/clones/<id>.json}: where the clone lives and when
 * it was made.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloneJson(String location, long created) {}
