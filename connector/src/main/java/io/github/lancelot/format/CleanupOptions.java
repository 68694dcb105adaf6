package io.github.lancelot.format;

/**
 * What a cleanup keeps: every version committed at or after {@code olderThanMillis}, the newest
 * {@code retainVersions} versions, every tagged version and every file a shallow clone still uses.
 * Files no version references are removed only when older than the retention threshold, so the
 * files of a commit in flight are never removed.
 *
 * @param olderThanMillis versions committed before this time may be removed
 * @param retainVersions the newest versions always kept (at least 1)
 * @param dryRun report without deleting
 * @param force allow a retention shorter than the table's threshold ({@link
 *     TableProperties#CLEANUP_RETENTION_HOURS})
 */
public record CleanupOptions(
    long olderThanMillis, int retainVersions, boolean dryRun, boolean force) {
  public CleanupOptions {
    if (retainVersions < 1) {
      throw new IllegalArgumentException(
          "A cleanup must retain at least one version, not " + retainVersions);
    }
  }
}
