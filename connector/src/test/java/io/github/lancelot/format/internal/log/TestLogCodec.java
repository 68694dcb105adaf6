package io.github.lancelot.format.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.CorruptTableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Log files as readers see them: a file of many lines (a wide table's checkpoint, parsed on several
 * threads) reads back in order, and its first bad line is the one an error names.
 */
class TestLogCodec {
  private static final int LINES = 5000;

  private static List<Action> removals() {
    return LongStream.range(0, LINES).mapToObj(Action::remove).toList();
  }

  private static List<Action> decode(String content) throws IOException {
    return LogCodec.decode(
        new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "wide.checkpoint.json");
  }

  @Test
  void aFileOfThousandsOfLinesReadsBackEveryActionInOrder() throws IOException {
    byte[] encoded = LogCodec.encode(removals());

    List<Action> decoded =
        LogCodec.decode(new ByteArrayInputStream(encoded), "wide.checkpoint.json");

    assertThat(decoded).containsExactlyElementsOf(removals());
  }

  @Test
  void theFirstBadLineOfALongFileIsTheOneTheErrorNames() {
    List<String> lines =
        new ArrayList<>(
            List.of(new String(LogCodec.encode(removals()), StandardCharsets.UTF_8).split("\n")));
    lines.set(4321, "{\"remove\":");
    lines.set(1234, "[1, 2]");
    lines.set(3000, "not json");
    String content = String.join("\n", lines) + "\n";

    assertThatThrownBy(() -> decode(content))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("wide.checkpoint.json")
        .hasMessageContaining("line 1235 is not");
  }
}
