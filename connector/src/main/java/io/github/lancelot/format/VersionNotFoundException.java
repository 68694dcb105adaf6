package io.github.lancelot.format;

/** A version, timestamp or tag that the table does not hold was asked for. */
public class VersionNotFoundException extends LancelotException {
  VersionNotFoundException(String message) {
    super(message);
  }

  VersionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
