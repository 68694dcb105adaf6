package io.github.lancelot.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables are the same bytes on every Spark line: one table is created on Spark 3.5 (Scala 2.12),
 * changed on Spark 4.2, changed again on 3.5 and read on 4.0, each step in its own JVM with only
 * that line's Spark jars and bundle. Every version reads alike on every line that reads it.
 */
class CrossLineIT {
  @TempDir Path dir;

  @Test
  void aTableWrittenOnOneLineReadsAndWritesOnTheOthersAndBack() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Map<Long, String> first = run("3.5_2.12", warehouse, "first");
    Map<Long, String> onNewest = run("4.2_2.13", warehouse, "next");
    Map<Long, String> backOnOldest = run("3.5_2.12", warehouse, "next");
    Map<Long, String> onDefault = run("4.0_2.13", warehouse, "read");

    assertThat(first).hasSize(8);
    assertThat(onNewest).containsAllEntriesOf(first).hasSizeGreaterThan(first.size());
    assertThat(backOnOldest).containsAllEntriesOf(onNewest).hasSizeGreaterThan(onNewest.size());
    assertThat(onDefault).isEqualTo(backOnOldest);

    String latest = onDefault.get(((TreeMap<Long, String>) onDefault).lastKey());
    assertThat(latest)
        .contains("\"id\":1,\"name\":\"ONE\",\"v\":[1.0,0.5]")
        .contains("\"id\":3,\"name\":\"three\",\"v\":[3.0,0.5],\"score\":0.3")
        .contains("\"id\":4,\"name\":\"four\",\"v\":[4.0,0.5],\"score\":0.4")
        .contains("\"name\":\"4.2_2.13\"")
        .contains("\"name\":\"3.5_2.12\"")
        .doesNotContain("\"id\":2,");
  }

  /** Runs one step on one line; returns each version's rows as that line read them. */
  private Map<Long, String> run(String line, Path warehouse, String step) throws Exception {
    Path lineDir = Path.of(System.getProperty("bundles.dir"), line);
    Path bundle =
        lineDir.resolve(
            "target/lancelot-spark-bundle-"
                + line
                + "-"
                + System.getProperty("bundle.version")
                + ".jar");
    assertThat(bundle).as("the bundle of Spark line " + line).exists();
    String classpath =
        Files.readString(lineDir.resolve("target/spark.classpath")).trim()
            + File.pathSeparator
            + bundle
            + File.pathSeparator
            + lineDir.resolve("target/test-classes");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : System.getProperty("jvm.module.options", "").split(" ")) {
      if (!option.isBlank()) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-Xmx1g",
            "-cp",
            classpath,
            "io.github.lancelot.bundle.CrossLineStep",
            warehouse.toString(),
            step,
            line));
    Path output = dir.resolve(line + "-" + step + ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as(line + " finished in time").isTrue();
    String out = Files.readString(output);
    assertThat(process.exitValue()).as(line + " " + step + ": " + out).isZero();
    Map<Long, String> versions = new TreeMap<>();
    for (String l : out.split("\n")) {
      if (l.startsWith("VERSION ")) {
        String[] parts = l.split(" ", 3);
        versions.put(Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : "");
      }
    }
    return versions;
  }
}
