package io.github.lancelot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Folders of one test class under the module's {@code target/it-work}: the clusters' logs, the
 * executors' work folders, the warehouses and HDFS's storage. Deleted when the class passed, kept
 * for a look when it failed.
 */
final class WorkDirs {
  private WorkDirs() {}

  static Path create(String name) throws IOException {
    Path root = Path.of(System.getProperty("basedir", "."), "target", "it-work").toAbsolutePath();
    return Files.createTempDirectory(Files.createDirectories(root), name + "-");
  }

  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("WorkDirs: could not delete " + dir + ": " + e);
    }
  }
}
