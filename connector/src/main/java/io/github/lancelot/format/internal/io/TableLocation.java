package io.github.lancelot.format.internal.io;

import io.github.lancelot.format.TableErrors;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a table lives: its root folder on a Hadoop filesystem and the configuration to reach it.
 * Paths stored in the log are relative to the root unless they carry a scheme.
 */
public final class TableLocation {
  public static final String VERSIONS_DIR = "_versions";
  public static final String DATA_DIR = "data";
  public static final String DELETIONS_DIR = "_deletions";
  public static final String INDEXES_DIR = "_indexes";

  private final Path root;
  private final Configuration conf;
  private final FileSystem fs;

  public TableLocation(String uri, Configuration conf) {
    this.conf = conf;
    Path p = new Path(uri);
    try {
      this.fs = p.getFileSystem(conf);
      this.root = fs.makeQualified(p);
    } catch (IOException e) {
      throw TableErrors.ioError("opening filesystem of table " + uri, e);
    }
  }

  public Path root() {
    return root;
  }

  public Configuration conf() {
    return conf;
  }

  public FileSystem fs() {
    return fs;
  }

  /** The table's name in messages: its full URI. */
  public String displayName() {
    return root.toString();
  }

  public Path versionsDir() {
    return new Path(root, VERSIONS_DIR);
  }

  /**
   * Resolves a path as stored in the log, without checking where it leads: for the table's own
   * fixed folders, and for comparing paths. A file named by the log is opened only through {@link
   * #resolveStored}.
   */
  public Path resolve(String storedPath) {
    URI uri = URI.create(storedPath);
    return uri.getScheme() != null ? new Path(uri) : new Path(root, storedPath);
  }

  /**
   * Resolves the path of a data file or deletion vector as stored in the log, for reading. The log
   * is untrusted input: the file must lie inside the table's folder, or be a data or deletion file
   * of another table that registers this one as its shallow clone (format.md section 17). Anything
   * else ({@code ../../x}, an absolute URI into another folder or filesystem) is refused, naming
   * the file, the fragment and the table.
   */
  public Path resolveStored(String storedPath, long fragmentId) {
    Path path;
    try {
      path = normalized(resolve(storedPath));
    } catch (IllegalArgumentException e) {
      throw TableErrors.fileOutsideTable(displayName(), storedPath, fragmentId);
    }
    if (isInside(path, root) || isRegisteredCloneSource(path)) {
      return path;
    }
    throw TableErrors.fileOutsideTable(displayName(), path.toString(), fragmentId);
  }

  /**
   * Resolves the path of a vector index file as stored in the log, for reading, with the same
   * checks as {@link #resolveStored}: inside the table's folder, or in an index folder of a table
   * that registers this one as its clone.
   */
  public Path resolveIndexFile(String storedPath, String index) {
    Path path;
    try {
      path = normalized(resolve(storedPath));
    } catch (IllegalArgumentException e) {
      throw TableErrors.indexFileOutsideTable(displayName(), storedPath, index);
    }
    if (isInside(path, root) || isRegisteredCloneSource(path)) {
      return path;
    }
    throw TableErrors.indexFileOutsideTable(displayName(), path.toString(), index);
  }

  /**
   * The file a stored path names if it lies directly in this table's own {@code data/} or {@code
   * _deletions/} folder, else empty: the only files a failed write may delete.
   */
  public java.util.Optional<Path> ownFile(String storedPath) {
    try {
      Path path = normalized(resolve(storedPath));
      Path parent = path.getParent();
      if (parent != null
          && isInside(path, root)
          && (parent.equals(new Path(root, DATA_DIR))
              || parent.equals(new Path(root, DELETIONS_DIR)))) {
        return java.util.Optional.of(path);
      }
    } catch (IllegalArgumentException e) {
      // not a path at all: nothing to delete
    }
    return java.util.Optional.empty();
  }

  private Path normalized(Path p) {
    URI uri = p.toUri().normalize();
    if (uri.getScheme() == null) {
      uri = fs.makeQualified(new Path(uri)).toUri();
    }
    return new Path(uri);
  }

  /** Whether {@code p} (normalized) is below {@code folder}: same scheme, authority and prefix. */
  private static boolean isInside(Path p, Path folder) {
    URI a = p.toUri();
    URI b = folder.toUri();
    String path = a.getPath();
    String prefix = b.getPath().endsWith("/") ? b.getPath() : b.getPath() + "/";
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && java.util.Objects.equals(emptyToNull(a.getAuthority()), emptyToNull(b.getAuthority()))
        && path != null
        && path.startsWith(prefix)
        && !path.contains("/../")
        && !path.endsWith("/..");
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * Pairs (source table, clone) known to be registered. Registrations are never removed (format.md
   * section 17), so a positive answer stays true; only those are remembered.
   */
  private static final java.util.Set<String> REGISTERED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Whether {@code p} is a file directly in the {@code data/} or {@code _deletions/} folder, or in
   * an index's folder in {@code _indexes/}, of a table whose clone registrations name this table.
   */
  private boolean isRegisteredCloneSource(Path p) {
    Path parent = p.getParent();
    if (parent == null || parent.getParent() == null) {
      return false;
    }
    Path ownerPath;
    if (parent.getName().equals(DATA_DIR) || parent.getName().equals(DELETIONS_DIR)) {
      ownerPath = parent.getParent();
    } else if (parent.getParent().getName().equals(INDEXES_DIR)
        && parent.getParent().getParent() != null) {
      ownerPath = parent.getParent().getParent();
    } else {
      return false;
    }
    String owner = ownerPath.toString();
    String key = owner + "\n" + root;
    if (REGISTERED.contains(key)) {
      return true;
    }
    boolean registered;
    try {
      registered =
          new io.github.lancelot.format.internal.refs.CloneRegistry(new TableLocation(owner, conf))
              .registers(root);
    } catch (RuntimeException e) {
      return false;
    }
    if (registered) {
      if (REGISTERED.size() > 10_000) {
        REGISTERED.clear();
      }
      REGISTERED.add(key);
    }
    return registered;
  }
}
