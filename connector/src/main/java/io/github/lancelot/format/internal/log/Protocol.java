package io.github.lancelot.format.internal.log;

/**
 * The protocol versions a reader and a writer must support to use the table. Writer version 2 adds
 * row lineage (format.md section 22), which a writer must keep when it rewrites a fragment's
 * description or its rows.
 */
public record Protocol(int readerVersion, int writerVersion) {
  public static final int READER_VERSION = 1;
  public static final int WRITER_VERSION = 2;

  public static Protocol current() {
    return new Protocol(READER_VERSION, WRITER_VERSION);
  }
}
