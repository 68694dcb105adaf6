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

  /** Resolves a path as stored in the log. */
  public Path resolve(String storedPath) {
    URI uri = URI.create(storedPath);
    return uri.getScheme() != null ? new Path(uri) : new Path(root, storedPath);
  }
}
