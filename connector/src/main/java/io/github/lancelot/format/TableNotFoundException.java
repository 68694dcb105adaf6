package io.github.lancelot.format;

/** A table folder holds no committed version. */
public class TableNotFoundException extends LancelotException {
  TableNotFoundException(String message) {
    super(message);
  }

  TableNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
