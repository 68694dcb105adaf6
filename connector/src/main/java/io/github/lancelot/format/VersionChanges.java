package io.github.lancelot.format;

import java.io.Serializable;
import java.util.List;

/**
 * The rows one version took away from the version before it and the rows it added, as found by
 * comparing the two versions' fragments and deletion vectors (format.md section 23). A row in both
 * lists (the same row id) is an update, or no change at all when its last-updated version is the
 * same on both sides, as after a compaction; {@link ChangeReader} pairs them.
 *
 * @param version the version
 * @param timestamp its commit time, in milliseconds since the epoch
 * @param deleted rows live in the version before and not in this one
 * @param inserted rows live in this version and not in the one before
 */
public record VersionChanges(
    long version, long timestamp, List<ChangedRows> deleted, List<ChangedRows> inserted)
    implements Serializable {
  public VersionChanges {
    deleted = List.copyOf(deleted);
    inserted = List.copyOf(inserted);
  }

  /** Whether the version changed no row (a schema change, a tag, or an empty commit). */
  public boolean isEmpty() {
    return deleted.isEmpty() && inserted.isEmpty();
  }
}
