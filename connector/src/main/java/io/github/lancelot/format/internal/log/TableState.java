package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.index.VectorIndex;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full state of a table at one version, built by replaying actions: protocol, metadata, live
 * fragments in commit order, the highest fragment id ever used, the row id high-water mark (the end
 * of the highest row id range any fragment was given, so that ranges are never given twice), and
 * the vector indexes by name, and the latest batch version each application recorded ({@link
 * AppTransaction}). Immutable once built.
 */
public final class TableState {
  private final long version;
  private final CommitInfo commitInfo;
  private final Protocol protocol;
  private final Metadata metadata;
  private final Map<Long, Fragment> fragments;
  private final long maxFragmentId;
  private final long rowIdHighWaterMark;
  private final Map<String, VectorIndex> indexes;
  private final Map<String, Long> appVersions;
  private volatile List<Fragment> fragmentList;

  TableState(
      long version,
      CommitInfo commitInfo,
      Protocol protocol,
      Metadata metadata,
      Map<Long, Fragment> fragments,
      long maxFragmentId,
      long rowIdHighWaterMark,
      Map<String, VectorIndex> indexes,
      Map<String, Long> appVersions) {
    this.version = version;
    this.commitInfo = commitInfo;
    this.protocol = protocol;
    this.metadata = metadata;
    this.fragments = fragments;
    this.maxFragmentId = maxFragmentId;
    this.rowIdHighWaterMark = rowIdHighWaterMark;
    this.indexes = indexes;
    this.appVersions = appVersions;
  }

  public static TableState empty() {
    return new TableState(
        0, null, null, null, new LinkedHashMap<>(), 0, 0, new LinkedHashMap<>(), Map.of());
  }

  /** This state with one more commit applied; the commit's version must be the next one. */
  public TableState apply(List<Action> actions, String file) {
    if (actions.isEmpty() || actions.get(0).commitInfo() == null) {
      throw TableErrors.corruptFile(file, "the first line is not a commitInfo action");
    }
    CommitInfo info = null;
    Protocol p = protocol;
    Metadata m = metadata;
    Map<Long, Fragment> frags = new LinkedHashMap<>(fragments);
    Map<String, VectorIndex> idx = new LinkedHashMap<>(indexes);
    Map<String, Long> apps = new LinkedHashMap<>(appVersions);
    long maxId = maxFragmentId;
    long highWaterMark = rowIdHighWaterMark;
    for (Action a : actions) {
      if (a.commitInfo() != null) {
        info = a.commitInfo();
      } else if (a.protocol() != null) {
        p = a.protocol();
      } else if (a.metadata() != null) {
        m = a.metadata();
      } else if (a.removeFragment() != null) {
        frags.remove(a.removeFragment().id());
      } else if (a.addFragment() != null) {
        Fragment f = a.addFragment();
        frags.put(f.id(), f);
        maxId = Math.max(maxId, f.id());
        highWaterMark = Math.max(highWaterMark, rowIdsEnd(f));
      } else if (a.addIndex() != null) {
        idx.put(a.addIndex().name(), a.addIndex());
      } else if (a.removeIndex() != null) {
        idx.remove(a.removeIndex().name());
      } else if (a.txn() != null) {
        apps.merge(a.txn().appId(), a.txn().version(), Math::max);
      }
    }
    if (info == null) {
      throw TableErrors.corruptFile(file, "it has no commitInfo action");
    }
    if (info.version() != version + 1) {
      throw TableErrors.corruptFile(
          file,
          "it records version "
              + info.version()
              + " where version "
              + (version + 1)
              + " was expected");
    }
    if (info.numActions() > 0 && info.numActions() != actions.size()) {
      throw TableErrors.corruptFile(
          file,
          "it holds "
              + actions.size()
              + " actions but records "
              + info.numActions()
              + " (file truncated?)");
    }
    if (p == null || m == null) {
      throw TableErrors.corruptFile(
          file, "no protocol or metadata is defined at version " + info.version());
    }
    return new TableState(info.version(), info, p, m, frags, maxId, highWaterMark, idx, apps);
  }

  /**
   * The state a checkpoint file of {@code expectedVersion} (from its name) describes. It must agree
   * with its name and with itself: the version its name says, each fragment id once, no id above
   * its {@code maxFragmentId}.
   */
  static TableState fromCheckpoint(List<Action> actions, String file, long expectedVersion) {
    if (actions.isEmpty() || actions.get(0).checkpoint() == null) {
      throw TableErrors.corruptFile(file, "the first line is not a checkpoint header");
    }
    CheckpointHeader header = actions.get(0).checkpoint();
    CommitInfo info = null;
    Protocol p = null;
    Metadata m = null;
    Map<Long, Fragment> frags = new LinkedHashMap<>();
    Map<String, VectorIndex> idx = new LinkedHashMap<>();
    Map<String, Long> apps = new LinkedHashMap<>();
    for (Action a : actions.subList(1, actions.size())) {
      if (a.commitInfo() != null) {
        info = a.commitInfo();
      } else if (a.protocol() != null) {
        p = a.protocol();
      } else if (a.metadata() != null) {
        m = a.metadata();
      } else if (a.addFragment() != null) {
        long id = a.addFragment().id();
        if (frags.put(id, a.addFragment()) != null) {
          throw TableErrors.corruptFile(file, "it lists fragment " + id + " twice");
        }
        if (id > header.maxFragmentId()) {
          throw TableErrors.corruptFile(
              file,
              "it lists fragment " + id + " above its maxFragmentId " + header.maxFragmentId());
        }
      } else if (a.addIndex() != null) {
        idx.put(a.addIndex().name(), a.addIndex());
      } else if (a.txn() != null) {
        apps.merge(a.txn().appId(), a.txn().version(), Math::max);
      }
    }
    if (header.version() != expectedVersion) {
      throw TableErrors.corruptFile(
          file,
          "it records version "
              + header.version()
              + " where version "
              + expectedVersion
              + " was expected");
    }
    if (info == null || p == null || m == null || info.version() != header.version()) {
      throw TableErrors.corruptFile(file, "commitInfo, protocol or metadata is missing");
    }
    long highWaterMark =
        header.rowIdHighWaterMark() == null ? 0 : header.rowIdHighWaterMark().longValue();
    for (Fragment f : frags.values()) {
      highWaterMark = Math.max(highWaterMark, rowIdsEnd(f));
    }
    if (frags.size() != header.numFragments()) {
      throw TableErrors.corruptFile(
          file,
          "it holds " + frags.size() + " fragments but its header says " + header.numFragments());
    }
    return new TableState(
        header.version(), info, p, m, frags, header.maxFragmentId(), highWaterMark, idx, apps);
  }

  /** The actions of a checkpoint file holding this state. */
  List<Action> toCheckpoint() {
    List<Action> out = new ArrayList<>();
    out.add(
        Action.of(
            new CheckpointHeader(version, maxFragmentId, fragments.size(), rowIdHighWaterMark)));
    out.add(Action.of(commitInfo));
    out.add(Action.of(protocol));
    out.add(Action.of(metadata));
    fragments.values().forEach(f -> out.add(Action.add(f)));
    indexes.values().forEach(i -> out.add(Action.add(i)));
    appVersions.forEach((app, v) -> out.add(Action.of(new AppTransaction(app, v))));
    return out;
  }

  public long version() {
    return version;
  }

  public CommitInfo commitInfo() {
    return commitInfo;
  }

  public Protocol protocol() {
    return protocol;
  }

  public Metadata metadata() {
    return metadata;
  }

  /**
   * Live fragments in the order they were first committed. The list is made once: a scan's planning
   * asks for it several times, and a table may have hundreds of thousands of fragments.
   */
  public List<Fragment> fragments() {
    List<Fragment> list = fragmentList;
    if (list == null) {
      list = List.copyOf(fragments.values());
      fragmentList = list;
    }
    return list;
  }

  public Fragment fragment(long id) {
    return fragments.get(id);
  }

  public long maxFragmentId() {
    return maxFragmentId;
  }

  /**
   * The end of the highest row id range given so far: the next fragment committed gets row ids from
   * here. Never decreases.
   */
  public long rowIdHighWaterMark() {
    return rowIdHighWaterMark;
  }

  /** The row id after the fragment's range; 0 for a fragment without lineage. */
  private static long rowIdsEnd(Fragment f) {
    return f.lineage() == null ? 0 : f.lineage().baseRowId() + f.physicalRows();
  }

  /** The vector indexes this version lists, in the order they were added. */
  public List<VectorIndex> indexes() {
    return List.copyOf(indexes.values());
  }

  public VectorIndex index(String name) {
    return indexes.get(name);
  }

  /** The highest batch version the application recorded up to this version; -1 if none. */
  public long appVersion(String appId) {
    return appVersions.getOrDefault(appId, -1L);
  }
}
