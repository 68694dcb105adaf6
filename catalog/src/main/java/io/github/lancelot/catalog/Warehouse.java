package io.github.lancelot.catalog;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lancelot.format.TableErrors;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The warehouse folder: a namespace is a folder (with its properties in {@code _namespace.json}), a
 * table is a folder holding {@code _versions/}. {@code <warehouse>/db/quotes} is table {@code
 * db.quotes}.
 */
final class Warehouse {
  static final String NAMESPACE_FILE = "_namespace.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final Configuration conf;
  private final FileSystem fs;

  Warehouse(String uri, Configuration conf) {
    this.conf = conf;
    Path p = new Path(uri);
    try {
      this.fs = p.getFileSystem(conf);
      this.root = fs.makeQualified(p);
    } catch (IOException e) {
      throw TableErrors.ioError("opening warehouse " + uri, e);
    }
  }

  Configuration conf() {
    return conf;
  }

  Path root() {
    return root;
  }

  Path namespacePath(String[] namespace) {
    Path p = root;
    for (String part : namespace) {
      p = new Path(p, checkName("namespace", part));
    }
    return p;
  }

  Path tablePath(String[] namespace, String name) {
    return new Path(namespacePath(namespace), checkName("table", name));
  }

  static String checkName(String kind, String name) {
    if (name.isEmpty() || name.contains("/") || name.startsWith(".") || name.startsWith("_")) {
      throw CatalogErrors.invalidName(kind, name);
    }
    return name;
  }

  boolean isTable(Path folder) {
    return exists(new Path(folder, "_versions"));
  }

  boolean namespaceExists(String[] namespace) {
    Path p = namespacePath(namespace);
    return namespace.length == 0 || (isDirectory(p) && !isTable(p));
  }

  List<String> childTables(String[] namespace) {
    List<String> out = new ArrayList<>();
    for (FileStatus s : children(namespacePath(namespace))) {
      if (s.isDirectory() && visible(s) && isTable(s.getPath())) {
        out.add(s.getPath().getName());
      }
    }
    return out;
  }

  List<String> childNamespaces(String[] namespace) {
    List<String> out = new ArrayList<>();
    for (FileStatus s : children(namespacePath(namespace))) {
      if (s.isDirectory() && visible(s) && !isTable(s.getPath())) {
        out.add(s.getPath().getName());
      }
    }
    return out;
  }

  private static boolean visible(FileStatus s) {
    String n = s.getPath().getName();
    return !n.startsWith(".") && !n.startsWith("_");
  }

  void createNamespace(String[] namespace, Map<String, String> properties) {
    Path p = namespacePath(namespace);
    try {
      fs.mkdirs(p);
    } catch (IOException e) {
      throw TableErrors.ioError("creating namespace folder " + p, e);
    }
    writeProperties(namespace, properties);
  }

  Map<String, String> properties(String[] namespace) {
    Path file = new Path(namespacePath(namespace), NAMESPACE_FILE);
    try (InputStream in = fs.open(file)) {
      return JSON.readValue(in, new TypeReference<TreeMap<String, String>>() {});
    } catch (FileNotFoundException e) {
      return new TreeMap<>();
    } catch (IOException e) {
      throw TableErrors.ioError("reading " + file, e);
    }
  }

  void writeProperties(String[] namespace, Map<String, String> properties) {
    Path file = new Path(namespacePath(namespace), NAMESPACE_FILE);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.write(JSON.writeValueAsBytes(new TreeMap<>(properties)));
    } catch (IOException e) {
      throw TableErrors.ioError("writing " + file, e);
    }
  }

  /** Deletes a folder and everything in it; false if it did not exist. */
  boolean deleteRecursively(Path folder) {
    try {
      return fs.delete(folder, true);
    } catch (IOException e) {
      throw TableErrors.ioError("deleting " + folder, e);
    }
  }

  boolean rename(Path from, Path to) {
    try {
      return fs.rename(from, to);
    } catch (IOException e) {
      throw TableErrors.ioError("renaming " + from + " to " + to, e);
    }
  }

  boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw TableErrors.ioError("checking " + p, e);
    }
  }

  private boolean isDirectory(Path p) {
    try {
      return fs.getFileStatus(p).isDirectory();
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw TableErrors.ioError("checking " + p, e);
    }
  }

  private FileStatus[] children(Path p) {
    try {
      return fs.listStatus(p);
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    } catch (IOException e) {
      throw TableErrors.ioError("listing " + p, e);
    }
  }
}
