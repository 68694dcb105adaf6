package io.github.lancelot.format;

/** A table was to be created where one already exists. */
public class TableAlreadyExistsException extends LancelotException {
  TableAlreadyExistsException(String message) {
    super(message);
  }

  TableAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
