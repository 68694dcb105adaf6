package io.github.lancelot.spark;

import io.github.lancelot.format.BatchAlreadyCommittedException;
import io.github.lancelot.format.CommitStateUnknownException;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.Transaction;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a Spark statement commits its version: the commit records the statement's operation
 * parameters and metrics (and the engine, {@code Apache Spark <version>}, named by the table {@link
 * LanceTables#open} opened), and the files the statement wrote are deleted when the commit fails.
 * When the outcome is unknown ({@link CommitStateUnknownException}) the version may reference them,
 * so they are kept, also when Spark aborts the write afterwards. One instance serves one write.
 */
final class SparkCommit {
  private static final Logger LOG = LoggerFactory.getLogger(SparkCommit.class);

  private final Table table;
  private final Map<String, String> parameters = new TreeMap<>();
  private final Map<String, Long> metrics = new TreeMap<>();
  private volatile boolean outcomeUnknown;
  private String appId;
  private long batchVersion;

  SparkCommit(Table table) {
    this.table = table;
  }

  SparkCommit parameter(String key, String value) {
    parameters.put(key, value);
    return this;
  }

  SparkCommit metric(String key, long value) {
    metrics.put(key, value);
    return this;
  }

  /**
   * Records the commit as batch {@code version} of application {@code appId}: a batch the table
   * already records is not committed again.
   */
  SparkCommit recordingBatch(String appId, long version) {
    this.appId = appId;
    this.batchVersion = version;
    return this;
  }

  /**
   * Prepares the transaction, appends the written fragments and commits it as one version. If
   * preparing or committing fails, the written files are deleted, unless the outcome is unknown.
   * Returns null, after deleting the files, when the table already records the batch of {@link
   * #recordingBatch}: its rows are in the table already.
   */
  Snapshot commit(Supplier<Transaction> prepare, List<Fragment> written) {
    try {
      Transaction txn = prepare.get().appendFragments(written);
      parameters.forEach(txn::operationParameter);
      metrics.forEach(txn::operationMetric);
      if (appId != null) {
        txn.recordBatch(appId, batchVersion);
      }
      return txn.commit();
    } catch (BatchAlreadyCommittedException e) {
      LOG.info("Skipping a commit to {}: {}", table.location(), e.getMessage());
      deleteFiles(written);
      return null;
    } catch (CommitStateUnknownException e) {
      outcomeUnknown = true;
      throw e;
    } catch (RuntimeException e) {
      deleteFiles(written);
      throw e;
    }
  }

  /**
   * The write will not be committed: deletes its files, unless an earlier commit's outcome is
   * unknown.
   */
  void abort(List<Fragment> written) {
    if (!outcomeUnknown) {
      deleteFiles(written);
    }
  }

  static String engineInfo() {
    return "Apache Spark " + SparkSession.active().version();
  }

  private void deleteFiles(List<Fragment> fragments) {
    for (String p : table.deleteUncommitted(fragments)) {
      LOG.warn("Could not delete {} of a failed write; cleanup will remove it", p);
    }
  }
}
