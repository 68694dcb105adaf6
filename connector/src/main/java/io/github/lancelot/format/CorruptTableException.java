package io.github.lancelot.format;

/** A commit, checkpoint, data or deletion file could not be read as the format requires. */
public class CorruptTableException extends LancelotException {
  CorruptTableException(String message) {
    super(message);
  }

  CorruptTableException(String message, Throwable cause) {
    super(message, cause);
  }
}
