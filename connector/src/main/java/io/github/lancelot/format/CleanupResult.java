package io.github.lancelot.format;

import java.util.List;

/**
 * What a cleanup removed, or would remove in a dry run.
 *
 * @param versionsRemoved the versions whose commit files were removed
 * @param filesRemoved the data, deletion and log files removed, as URIs
 * @param bytesRemoved their total size
 * @param dryRun true if nothing was actually deleted
 */
public record CleanupResult(
    List<Long> versionsRemoved, List<String> filesRemoved, long bytesRemoved, boolean dryRun) {}
