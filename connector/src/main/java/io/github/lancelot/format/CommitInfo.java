package io.github.lancelot.format;

import java.util.Map;

/**
 * What one version records about the commit that made it; the first action of every commit file and
 * one entry of a table's history.
 *
 * @param version the version this commit created
 * @param timestamp commit time in milliseconds since the epoch; strictly increasing with the
 *     version
 * @param operation what was done, one of {@link Operation}'s names
 * @param operationParameters the operation's arguments (predicate, mode, restored version, ...)
 * @param readVersion the version the writer read (0 when creating the table)
 * @param transactionId unique per commit (kept across its retries), used to recognise one's own
 *     commit after an I/O error
 * @param blindAppend true when the commit only adds new fragments and read nothing
 * @param operationMetrics counts such as rows added or deleted and files added or removed
 * @param engineInfo the writing engine and its version
 * @param numActions how many actions the commit file holds, this one included (detects a truncated
 *     file)
 */
public record CommitInfo(
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

  public CommitInfo {
    operationParameters = operationParameters == null ? Map.of() : Map.copyOf(operationParameters);
    operationMetrics = operationMetrics == null ? Map.of() : Map.copyOf(operationMetrics);
  }
}
