package io.github.lancelot.format.internal.log;

/**
 * Records that an application committed its batch {@code version} in this commit (format.md section
 * 3.8): the table keeps the highest version per {@code appId}, so a writer that retries a batch (a
 * streaming query restarted from its checkpoint) can tell it was already committed.
 */
public record AppTransaction(String appId, long version) {}
