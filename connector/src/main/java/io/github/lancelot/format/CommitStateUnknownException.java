package io.github.lancelot.format;

/**
 * A commit's outcome could not be determined after an I/O error; nothing it wrote may be cleaned up
 * until it is known.
 */
public class CommitStateUnknownException extends LancelotException {
  CommitStateUnknownException(String message) {
    super(message);
  }

  CommitStateUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
