package io.github.lancelot.format;

/** The table was written with a protocol version this reader or writer does not support. */
public class UnsupportedProtocolException extends LancelotException {
  UnsupportedProtocolException(String message) {
    super(message);
  }

  UnsupportedProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
