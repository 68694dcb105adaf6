package io.github.lancelot.format;

/**
 * A commit lost the race against a concurrent commit it cannot be reconciled with (for example two
 * operations that delete rows of the same fragment). Nothing of the losing commit is visible; the
 * operation may be retried from the new latest version.
 */
public class ConcurrentModificationException extends LancelotException {
  private final long conflictingVersion;

  ConcurrentModificationException(String message, long conflictingVersion) {
    super(message);
    this.conflictingVersion = conflictingVersion;
  }

  /** The committed version this commit conflicted with. */
  public long conflictingVersion() {
    return conflictingVersion;
  }
}
