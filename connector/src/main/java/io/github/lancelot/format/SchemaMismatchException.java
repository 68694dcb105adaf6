package io.github.lancelot.format;

/** Data handed to a writer does not match the table's schema. */
public class SchemaMismatchException extends LancelotException {
  SchemaMismatchException(String message) {
    super(message);
  }

  SchemaMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
