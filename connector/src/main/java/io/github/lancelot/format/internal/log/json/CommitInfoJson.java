package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.CommitInfo;
import java.util.Map;

/** The {@code commitInfo} action on disk (format.md section 3.1); a null field is left out. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommitInfoJson(
    long version,
    long timestamp,
    String operation,
    Map<String, String> operationParameters,
    long readVersion,
    String transactionId,
    boolean blindAppend,
    Map<String, Long> operationMetrics,
    String engineInfo,
    int numActions) {

  public static CommitInfoJson of(CommitInfo c) {
    return new CommitInfoJson(
        c.version(),
        c.timestamp(),
        c.operation(),
        c.operationParameters(),
        c.readVersion(),
        c.transactionId(),
        c.blindAppend(),
        c.operationMetrics(),
        c.engineInfo(),
        c.numActions());
  }

  public CommitInfo toCommitInfo() {
    return new CommitInfo(
        version,
        timestamp,
        operation,
        operationParameters,
        readVersion,
        transactionId,
        blindAppend,
        operationMetrics,
        engineInfo,
        numActions);
  }
}
