package io.github.lancelot.format.internal.store;

import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.IOException;
import java.util.Locale;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;

/**
 * Chooses the commit primitive for a table's filesystem by URI scheme. The Hadoop configuration key
 * {@code lancelot.commit.store.<scheme>} overrides the choice with {@code hard-link}, {@code rename},
 * {@code create-if-absent}, {@code single-writer} or the name of a {@link LogStore} class with a public
 * constructor taking a {@link FileSystem}.
 */
public final class LogStores {
  public static final String CONFIG_PREFIX = "lancelot.commit.store.";

  private LogStores() {}

  public static LogStore forTable(TableLocation location) {
    FileSystem fs = location.fs();
    String scheme = fs.getUri().getScheme() == null ? "file" : fs.getUri().getScheme().toLowerCase(Locale.ROOT);
    String name = location.conf().get(CONFIG_PREFIX + scheme, defaultFor(scheme));
    try {
      return switch (name) {
        case "hard-link" -> new HardLinkLogStore(fs);
        case "rename" -> new RenameLogStore(fs, FileContext.getFileContext(fs.getUri(), location.conf()));
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
      case "s3", "s3a", "s3n", "oss", "cos", "cosn", "obs" -> "single-writer";
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
