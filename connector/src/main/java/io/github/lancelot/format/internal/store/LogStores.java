package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.LogStore;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;

/**
 * Chooses the commit primitive for a table's filesystem by URI scheme: a built-in store, or the one
 * the Hadoop configuration key {@value LogStore#CONFIG_PREFIX}{@code <scheme>} names (see {@link
 * LogStore}).
 */
public final class LogStores {
  private LogStores() {}

  public static LogStore forTable(TableLocation location) {
    FileSystem fs = location.fs();
    String scheme =
        fs.getUri().getScheme() == null ? "file" : fs.getUri().getScheme().toLowerCase(Locale.ROOT);
    String name = location.conf().get(LogStore.CONFIG_PREFIX + scheme, defaultFor(scheme));
    try {
      return switch (name) {
        case "s3-conditional" -> new S3ConditionalLogStore(fs, location.displayName(), scheme);
        case "hard-link" -> new HardLinkLogStore(fs);
        case "rename" ->
            new RenameLogStore(fs, FileContext.getFileContext(fs.getUri(), location.conf()));
        case "create-if-absent" -> new CreateIfAbsentLogStore(fs);
        case "single-writer" -> new SingleWriterLogStore(fs, location.displayName());
        default -> custom(scheme, name, fs);
      };
    } catch (IOException e) {
      throw TableErrors.ioError("opening filesystem of table " + location.displayName(), e);
    }
  }

  static String defaultFor(String scheme) {
    return switch (scheme) {
      case "file" -> "hard-link";
      case "gs" -> "create-if-absent";
      case "s3", "s3a", "s3n" -> "s3-conditional";
      case "oss", "cos", "cosn", "obs", "wasb", "wasbs" -> "single-writer";
      default -> "rename";
    };
  }

  private static LogStore custom(String scheme, String className, FileSystem fs) {
    try {
      Class<?> cls = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      return (LogStore) cls.getConstructor(FileSystem.class).newInstance(fs);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw TableErrors.unknownLogStore(scheme, className);
    }
  }
}
