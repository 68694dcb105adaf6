package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.index.VectorIndex;

/**
 * One line of a commit or checkpoint file, with exactly one of these set. A line whose only keys
 * are unknown is an action from a newer writer: none is set and replay ignores it. Its JSON form is
 * {@link io.github.lancelot.format.internal.log.json.ActionJson}.
 */
public record Action(
    CommitInfo commitInfo,
    Protocol protocol,
    Metadata metadata,
    Fragment addFragment,
    RemoveFragment removeFragment,
    VectorIndex addIndex,
    RemoveIndex removeIndex,
    CheckpointHeader checkpoint,
    AppTransaction txn) {

  public static Action of(CommitInfo v) {
    return new Action(v, null, null, null, null, null, null, null, null);
  }

  public static Action of(Protocol v) {
    return new Action(null, v, null, null, null, null, null, null, null);
  }

  public static Action of(Metadata v) {
    return new Action(null, null, v, null, null, null, null, null, null);
  }

  public static Action add(Fragment v) {
    return new Action(null, null, null, v, null, null, null, null, null);
  }

  public static Action remove(long fragmentId) {
    return new Action(
        null, null, null, null, new RemoveFragment(fragmentId), null, null, null, null);
  }

  public static Action add(VectorIndex v) {
    return new Action(null, null, null, null, null, v, null, null, null);
  }

  public static Action removeIndex(String name) {
    return new Action(null, null, null, null, null, null, new RemoveIndex(name), null, null);
  }

  public static Action of(AppTransaction v) {
    return new Action(null, null, null, null, null, null, null, null, v);
  }

  public static Action of(CheckpointHeader v) {
    return new Action(null, null, null, null, null, null, null, v, null);
  }
}
