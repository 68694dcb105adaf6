package io.github.lancelot.format.internal.commit;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.format.internal.log.AppTransaction;
import io.github.lancelot.format.internal.log.Metadata;
import io.github.lancelot.format.internal.log.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a commit changes, independent of the version it lands at: new fragments (ids not yet
 * assigned), replaced and removed fragments of the version read, and new metadata or protocol.
 *
 * @param readsAllData the operation's result depends on every row of the version read (an overwrite
 *     or a restore), so it conflicts with any concurrent change of data
 * @param addedIndexes vector indexes to list (replacing any of the same name)
 * @param removedIndexes names of vector indexes to remove
 * @param txn the application batch this commit records, or null; a commit whose batch the table
 *     already records is not written
 */
public record CommitIntent(
    String operation,
    Map<String, String> parameters,
    Map<String, Long> metrics,
    Protocol protocol,
    Metadata metadata,
    List<Fragment> added,
    List<Fragment> replaced,
    Set<Long> removed,
    List<VectorIndex> addedIndexes,
    Set<String> removedIndexes,
    boolean readsAllData,
    String engineInfo,
    AppTransaction txn) {

  public boolean createsTable() {
    return protocol != null;
  }

  public boolean changesData() {
    return !added.isEmpty() || !replaced.isEmpty() || !removed.isEmpty();
  }

  public boolean blindAppend() {
    return replaced.isEmpty()
        && removed.isEmpty()
        && metadata == null
        && !readsAllData
        && addedIndexes.isEmpty()
        && removedIndexes.isEmpty();
  }

  /** Names of the vector indexes this commit adds, replaces or removes. */
  public Set<String> touchedIndexes() {
    Set<String> names = new HashSet<>(removedIndexes);
    addedIndexes.forEach(i -> names.add(i.name()));
    return names;
  }

  /** Ids of existing fragments this commit rewrites or removes. */
  public Set<Long> touchedFragments() {
    Set<Long> ids = new HashSet<>(removed);
    replaced.forEach(f -> ids.add(f.id()));
    return ids;
  }
}
