package io.github.lancelot.format.internal.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.log.json.ActionJson;
import io.github.lancelot.format.internal.log.json.Json;
import io.github.lancelot.format.internal.log.json.SchemaJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Reads and writes the newline-delimited JSON of commit and checkpoint files. Each action goes
 * through its wire form ({@link ActionJson}), which alone decides the JSON field names.
 */
public final class LogCodec {
  /**
   * Files of at least this many lines (checkpoints of wide tables) are parsed on several threads:
   * the lines are independent, and binding them is most of the cost of opening such a table.
   */
  private static final int PARALLEL_LINES = 2048;

  private static final Object BLANK = new Object();
  private static final Object NOT_AN_OBJECT = new Object();

  private LogCodec() {}

  /** One JSON object per line, each line ending with a newline. */
  public static byte[] encode(List<Action> actions) {
    StringBuilder out = new StringBuilder();
    for (Action a : actions) {
      out.append(Json.write(ActionJson.of(a))).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a whole file; any line that is not a JSON object, and a file not ending in a newline, is
   * an error naming the file and the first such line. Each line is parsed from the file's UTF-8
   * bytes as they are, with no copy of it as a string: a checkpoint holds a line per fragment.
   */
  public static List<Action> decode(InputStream in, String file) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      throw TableErrors.corruptFile(file, "the file is empty");
    }
    if (bytes[bytes.length - 1] != '\n') {
      throw TableErrors.corruptFile(file, "the last line is incomplete (file truncated?)");
    }
    List<int[]> lines = new ArrayList<>();
    for (int start = 0, end; start < bytes.length; start = end + 1) {
      end = start;
      while (bytes[end] != '\n') {
        end++;
      }
      lines.add(new int[] {start, end});
    }
    Object[] parsed = new Object[lines.size()];
    IntStream indexes = IntStream.range(0, parsed.length);
    (parsed.length >= PARALLEL_LINES ? indexes.parallel() : indexes)
        .forEach(i -> parsed[i] = parse(bytes, lines.get(i)[0], lines.get(i)[1]));
    List<Action> actions = new ArrayList<>(parsed.length);
    for (int i = 0; i < parsed.length; i++) {
      if (parsed[i] instanceof Action action) {
        actions.add(action);
      } else if (parsed[i] instanceof Exception e) {
        throw TableErrors.corruptFile(
            file, "line " + (i + 1) + " is not a valid action (" + firstLine(e) + ")", e);
      } else if (parsed[i] == NOT_AN_OBJECT) {
        throw TableErrors.corruptFile(file, "line " + (i + 1) + " is not a JSON object");
      }
    }
    return actions;
  }

  /** The action on one line, {@link #BLANK}, {@link #NOT_AN_OBJECT} or the parser's exception. */
  private static Object parse(byte[] bytes, int start, int end) {
    if (isBlank(bytes, start, end)) {
      return BLANK;
    }
    try {
      ActionJson json = Json.read(bytes, start, end - start, ActionJson.class);
      Action action = json == null ? null : json.toAction();
      return action == null ? NOT_AN_OBJECT : action;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  private static boolean isBlank(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** The schema as the log writes it; also its Java serialization form. */
  public static String schemaToJson(TableSchema schema) {
    return Json.write(SchemaJson.of(schema));
  }

  public static TableSchema schemaFromJson(String json) {
    try {
      return Json.read(json, SchemaJson.class).toTableSchema();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
