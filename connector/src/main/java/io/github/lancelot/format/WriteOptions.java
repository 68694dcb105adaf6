package io.github.lancelot.format;

import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link FragmentWriter} lays out data: the most rows in one fragment, the most rows in one
 * Arrow record batch, and the buffer compression of the Arrow files.
 *
 * @param maxRowsPerFragment a fragment is closed and a new one started after this many rows
 * @param maxRowsPerBatch record batches hold at most this many rows
 * @param compression the Arrow IPC buffer compression
 * @param maxBytesPerFragment a fragment is closed once its data files reach this size (as stored,
 *     so after compression): the measure compaction plans with, from the sizes the log records
 */
public record WriteOptions(
    long maxRowsPerFragment, int maxRowsPerBatch, Compression compression, long maxBytesPerFragment)
    implements Serializable {

  public static final String MAX_ROWS_PER_FRAGMENT = "max-rows-per-fragment";
  public static final String MAX_ROWS_PER_BATCH = "max-rows-per-batch";
  public static final String COMPRESSION = "compression";
  public static final String MAX_BYTES_PER_FRAGMENT = "max-bytes-per-fragment";

  /** Options without a size limit in bytes. */
  public WriteOptions(long maxRowsPerFragment, int maxRowsPerBatch, Compression compression) {
    this(maxRowsPerFragment, maxRowsPerBatch, compression, Long.MAX_VALUE);
  }

  /** Arrow IPC buffer compression codecs. */
  public enum Compression {
    NONE,
    LZ4_FRAME,
    ZSTD
  }

  public WriteOptions {
    if (maxRowsPerFragment <= 0 || maxRowsPerFragment > Integer.MAX_VALUE) {
      throw TableErrors.invalidProperty(
          MAX_ROWS_PER_FRAGMENT,
          String.valueOf(maxRowsPerFragment),
          "a positive number up to " + Integer.MAX_VALUE);
    }
    if (maxBytesPerFragment <= 0) {
      throw TableErrors.invalidProperty(
          MAX_BYTES_PER_FRAGMENT, String.valueOf(maxBytesPerFragment), "a positive number");
    }
    if (maxRowsPerBatch <= 0) {
      throw TableErrors.invalidProperty(
          MAX_ROWS_PER_BATCH, String.valueOf(maxRowsPerBatch), "a positive number");
    }
  }

  public static WriteOptions defaults() {
    return new WriteOptions(1_048_576, 8192, Compression.NONE);
  }

  /**
   * Options from string settings (write options or table properties); absent keys keep their
   * defaults.
   */
  public static WriteOptions from(Map<String, String> settings) {
    WriteOptions d = defaults();
    return new WriteOptions(
        parseLong(settings, MAX_ROWS_PER_FRAGMENT, d.maxRowsPerFragment),
        batchSize(parseLong(settings, MAX_ROWS_PER_BATCH, d.maxRowsPerBatch)),
        parseCompression(settings.getOrDefault(COMPRESSION, d.compression.name())),
        parseLong(settings, MAX_BYTES_PER_FRAGMENT, d.maxBytesPerFragment));
  }

  private static int batchSize(long rows) {
    if (rows <= 0 || rows > Integer.MAX_VALUE) {
      throw TableErrors.invalidProperty(
          MAX_ROWS_PER_BATCH, String.valueOf(rows), "a positive number up to " + Integer.MAX_VALUE);
    }
    return (int) rows;
  }

  private static long parseLong(Map<String, String> settings, String key, long fallback) {
    String v = settings.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw TableErrors.invalidProperty(key, v, "a positive number");
    }
  }

  private static Compression parseCompression(String v) {
    String norm = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (norm.equals("LZ4")) {
      return Compression.LZ4_FRAME;
    }
    try {
      return Compression.valueOf(norm);
    } catch (IllegalArgumentException e) {
      throw TableErrors.invalidProperty(COMPRESSION, v, "none, lz4 or zstd");
    }
  }
}
