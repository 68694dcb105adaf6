package io.github.lancelot.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle jar is all a Spark installation needs: a separate JVM with Spark's jars and the bundle
 * runs SQL.
 */
class BundleIT {
  @TempDir Path dir;

  @Test
  void sparkWithOnlyTheBundleRunsTheCatalogSqlAndPathReadsAndWrites() throws Exception {
    String bundle = System.getProperty("bundle.jar");
    assertThat(new File(bundle)).exists();
    String classpath =
        System.getProperty("spark.classpath")
            + File.pathSeparator
            + bundle
            + File.pathSeparator
            + Path.of(
                BundleSmoke.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : System.getProperty("jvm.module.options", "").split(" ")) {
      if (!option.isBlank()) {
        command.add(option);
      }
    }
    command.addAll(
        List.of("-Xmx1g", "-cp", classpath, BundleSmoke.class.getName(), dir.toString()));
    Path output = dir.resolve("output.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished in time").isTrue();
    String out = Files.readString(output);
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).contains("RESULT versions [[1], [2], [3], [4], [5], [6]]");
    assertThat(out)
        .contains(
            "RESULT latest [[1,Richard Daniel Sanchez,Wubba Lubba Dub Dub!], [2,Morty,Rick, what's going on?]]");
    assertThat(out).contains("RESULT v5 [[1,[1.0, 0.5]], [2,[2.0, 0.5]]]");
    assertThat(out).contains("RESULT tags [[merged,5]]");
    assertThat(out).contains("RESULT path [[10]]");
  }
}
