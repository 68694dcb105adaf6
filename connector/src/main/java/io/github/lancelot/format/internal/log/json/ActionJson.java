package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.internal.log.Action;

/**
 * One line of a commit or checkpoint file on disk: a JSON object with one key naming the kind of
 * action. Absent kinds are left out; a line whose only keys are unknown reads as an action with
 * none set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionJson(
    CommitInfoJson commitInfo,
    ProtocolJson protocol,
    MetadataJson metadata,
    FragmentJson addFragment,
    RemoveFragmentJson removeFragment,
    IndexJson addIndex,
    RemoveIndexJson removeIndex,
    CheckpointHeaderJson checkpoint,
    AppTransactionJson txn) {

  public static ActionJson of(Action a) {
    return new ActionJson(
        a.commitInfo() == null ? null : CommitInfoJson.of(a.commitInfo()),
        a.protocol() == null ? null : ProtocolJson.of(a.protocol()),
        a.metadata() == null ? null : MetadataJson.of(a.metadata()),
        a.addFragment() == null ? null : FragmentJson.of(a.addFragment()),
        a.removeFragment() == null ? null : RemoveFragmentJson.of(a.removeFragment()),
        a.addIndex() == null ? null : IndexJson.of(a.addIndex()),
        a.removeIndex() == null ? null : RemoveIndexJson.of(a.removeIndex()),
        a.checkpoint() == null ? null : CheckpointHeaderJson.of(a.checkpoint()),
        a.txn() == null ? null : AppTransactionJson.of(a.txn()));
  }

  public Action toAction() {
    return new Action(
        commitInfo == null ? null : commitInfo.toCommitInfo(),
        protocol == null ? null : protocol.toProtocol(),
        metadata == null ? null : metadata.toMetadata(),
        addFragment == null ? null : addFragment.toFragment(),
        removeFragment == null ? null : removeFragment.toRemoveFragment(),
        addIndex == null ? null : addIndex.toIndex(),
        removeIndex == null ? null : removeIndex.toRemoveIndex(),
        checkpoint == null ? null : checkpoint.toCheckpointHeader(),
        txn == null ? null : txn.toAppTransaction());
  }
}
