package io.github.lancelot.format;

/**
 * Base type of every error the table format reports to its users. Messages name the table, version,
 * column or file at fault. Instances are built only by {@link TableErrors}.
 */
public class LancelotException extends RuntimeException {
  LancelotException(String message) {
    super(message);
  }

  LancelotException(String message, Throwable cause) {
    super(message, cause);
  }
}
