package io.github.lancelot.format;

/**
 * A name for a version, such as the exact data a model was trained on. Creating or dropping a tag
 * is not a new version; a tagged version is never removed by cleanup.
 *
 * @param name the tag's name
 * @param version the version it names
 * @param createdMillis when it was created, in milliseconds since the epoch
 */
public record Tag(String name, long version, long createdMillis) {}
