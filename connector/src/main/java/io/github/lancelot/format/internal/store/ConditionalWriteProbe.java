package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.TableErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves, once per store (URI scheme and bucket) and process, that a store refuses to create a key
 * that exists: writes one hidden key under a table's log folder twice, expects the second write to
 * be refused, and deletes the key. Some S3-compatible stores accept the {@code If-None-Match}
 * header and overwrite anyway; commits on such a store are refused rather than silently lost.
 */
final class ConditionalWriteProbe {
  private static final Logger LOG = LoggerFactory.getLogger(ConditionalWriteProbe.class);
  private static final ConcurrentHashMap<String, Boolean> HONOURED = new ConcurrentHashMap<>();

  /** A conditional create, as the store under test performs it. */
  interface PutIfAbsent {
    void put(Path path, byte[] content) throws IOException;
  }

  private ConditionalWriteProbe() {}

  static void verify(FileSystem fs, Path logDir, PutIfAbsent put, String table) throws IOException {
    String store = storeOf(fs);
    Boolean honoured = HONOURED.get(store);
    if (honoured == null) {
      synchronized (ConditionalWriteProbe.class) {
        honoured = HONOURED.get(store);
        if (honoured == null) {
          honoured = probe(fs, logDir, put);
          HONOURED.put(store, honoured);
          LOG.info(
              "Object store {} {} conditional writes", store, honoured ? "honours" : "ignores");
        }
      }
    }
    if (!honoured) {
      throw TableErrors.storeIgnoresConditionalWrites(table, store, fs.getUri().getScheme());
    }
  }

  private static boolean probe(FileSystem fs, Path logDir, PutIfAbsent put) throws IOException {
    Path key = new Path(logDir, ".conditional-write-probe-" + UUID.randomUUID());
    try {
      put.put(key, "first".getBytes(StandardCharsets.UTF_8));
      try {
        put.put(key, "second".getBytes(StandardCharsets.UTF_8));
        return false;
      } catch (FileAlreadyExistsException expected) {
        return true;
      }
    } finally {
      TempFiles.deleteQuietly(fs, key);
    }
  }

  private static String storeOf(FileSystem fs) {
    return fs.getUri().toString().toLowerCase(Locale.ROOT);
  }
}
