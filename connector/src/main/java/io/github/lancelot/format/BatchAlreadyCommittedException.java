package io.github.lancelot.format;

/**
 * A commit recorded as batch {@code version} of an application was not written because the table
 * already records that batch or a later one of the same application: the batch's rows are in the
 * table already, so committing them again would duplicate them. The table is unchanged.
 */
public class BatchAlreadyCommittedException extends LancelotException {
  private final long recordedVersion;

  BatchAlreadyCommittedException(String message, long recordedVersion) {
    super(message);
    this.recordedVersion = recordedVersion;
  }

  /** The highest batch version the table records for the application. */
  public long recordedVersion() {
    return recordedVersion;
  }
}
