package io.github.lancelot.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bundle jar is all a Spark installation needs: a separate JVM with Spark's jars and the bundle
 * runs SQL, on the Java running the build and on each Java named by {@code smoke.java.homes} (a
 * comma-separated list of Java homes, such as the newer Java a line's platforms run). The JVM gets
 * the options the line's own launcher gives Spark on that Java ({@link JavaModuleOptions}).
 */
class BundleIT {
  @TempDir Path dir;

  static Stream<String> javaHomes() {
    return Stream.concat(
        Stream.of(System.getProperty("java.home")),
        Arrays.stream(System.getProperty("smoke.java.homes", "").split(","))
            .map(String::trim)
            .filter(home -> !home.isEmpty()));
  }

  @ParameterizedTest(name = "on {0}")
  @MethodSource("javaHomes")
  void sparkWithOnlyTheBundleRunsTheCatalogSqlAndPathReadsAndWrites(String javaHome)
      throws Exception {
    Path java = Path.of(javaHome, "bin", "java");
    assertThat(java).as("the java of smoke.java.homes entry " + javaHome).isExecutable();
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
    command.add(java.toString());
    for (String option : JavaModuleOptions.defaultModuleOptions().split(" ")) {
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
