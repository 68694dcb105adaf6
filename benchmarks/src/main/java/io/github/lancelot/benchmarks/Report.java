package io.github.lancelot.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Renders a run's measurements as Markdown: times, ratios against each peer, targets, peak heap and
 * Lancelot's peak off-heap Arrow memory.
 */
final class Report {
  private final Map<String, Map<String, Measurement>> results;
  private final List<String> formats;
  private final BenchmarkOptions options;
  private final String sparkVersion;
  private final String durations;

  Report(
      Map<String, Map<String, Measurement>> results,
      List<String> formats,
      BenchmarkOptions options,
      String sparkVersion,
      String durations) {
    this.durations = durations;
    this.results = results;
    this.formats = formats;
    this.options = options;
    this.sparkVersion = sparkVersion;
  }

  static String time(double millis) {
    if (millis < 10) {
      return String.format("%.1f ms", millis);
    }
    if (millis < 10_000) {
      return String.format("%.0f ms", millis);
    }
    return String.format("%.1f s", millis / 1000);
  }

  String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("## Run of ").append(Instant.now()).append("\n\n").append(machine()).append("\n\n");
    List<String> peers = formats.stream().filter(f -> !f.equals(Target.OURS)).toList();
    b.append("Median of ")
        .append(options.repeats())
        .append(" repetitions (DELETE, UPDATE and MERGE: ")
        .append(options.rowLevelRepeats())
        .append("); the write and the small appends (timed all together) run once.")
        .append(" Ratio = Lancelot's time / the peer's; below 1 Lancelot is faster.\n\n");
    b.append("| operation |");
    formats.forEach(f -> b.append(' ').append(f).append(" |"));
    peers.forEach(p -> b.append(" vs ").append(p).append(" |"));
    b.append("\n|---|");
    formats.forEach(f -> b.append("---:|"));
    peers.forEach(p -> b.append("---:|"));
    b.append('\n');
    results.forEach(
        (op, byFormat) -> {
          b.append("| ").append(op).append(" |");
          formats.forEach(
              f ->
                  b.append(' ')
                      .append(byFormat.containsKey(f) ? time(byFormat.get(f).median()) : "n/a")
                      .append(" |"));
          Measurement ours = byFormat.get(Target.OURS);
          peers.forEach(
              p ->
                  b.append(' ')
                      .append(
                          ours != null && byFormat.containsKey(p)
                              ? String.format("%.2fx", ours.median() / byFormat.get(p).median())
                              : "")
                      .append(" |"));
          b.append('\n');
        });
    b.append("\n### Targets\n\n| operation | target | ratio | |\n|---|---|---:|---|\n");
    for (Target t : Target.all()) {
      OptionalDouble ratio = t.ratio(results);
      b.append("| ")
          .append(t.operation())
          .append(" | ")
          .append(t.describe())
          .append(" | ")
          .append(ratio.isPresent() ? String.format("%.2fx", ratio.getAsDouble()) : "n/a")
          .append(" | ")
          .append(
              ratio.isEmpty()
                  ? "not measured"
                  : ratio.getAsDouble() <= t.limit() ? "met" : "**missed**")
          .append(" |\n");
    }
    b.append(
        "\nRESTORE and ADD COLUMN are to take the same time whatever the data size: compare two runs with"
            + " --rows ten times apart.\n");
    b.append(
        "\n### Peak JVM heap while the operation ran (MiB; driver and executors share the JVM),"
            + " and the peak off-heap Arrow memory of Lancelot's allocator\n\n");
    boolean ours = formats.contains(Target.OURS);
    b.append("| operation |");
    formats.forEach(f -> b.append(' ').append(f).append(" |"));
    if (ours) {
      b.append(' ').append(Target.OURS).append(" off-heap (Arrow) |");
    }
    b.append("\n|---|");
    formats.forEach(f -> b.append("---:|"));
    if (ours) {
      b.append("---:|");
    }
    b.append('\n');
    results.forEach(
        (op, byFormat) -> {
          b.append("| ").append(op).append(" |");
          formats.forEach(
              f ->
                  b.append(' ')
                      .append(
                          byFormat.containsKey(f)
                              ? String.valueOf(byFormat.get(f).peakHeapBytes() >> 20)
                              : "n/a")
                      .append(" |"));
          if (ours) {
            Measurement m = byFormat.get(Target.OURS);
            b.append(' ')
                .append(m == null ? "n/a" : String.format("%.1f", m.peakOffHeapBytes() / 1048576.0))
                .append(" |");
          }
          b.append('\n');
        });
    return b.toString();
  }

  private String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        "- machine: %s, %d cores, %.1f GiB memory, %s %s%n- JVM: Java %s, heap up to %d MiB%n"
            + "- Spark %s, local[%d]; %,d rows (%d-float embeddings); %s",
        cpuModel(),
        rt.availableProcessors(),
        totalMemoryGiB(),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        rt.maxMemory() >> 20,
        sparkVersion,
        rt.availableProcessors(),
        options.rows(),
        GeneratedData.DIMENSION,
        durations);
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static double totalMemoryGiB() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (double) (1L << 30);
    }
    return Double.NaN;
  }
}
