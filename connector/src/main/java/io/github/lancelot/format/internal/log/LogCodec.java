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

/**
 * Reads and writes the newline-delimited JSON of commit and checkpoint files. Each action goes
 * through its wire form ({@link ActionJson}), which alone decides the JSON field names.
 */
public final class LogCodec {
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
   * an error naming the file. Each line is parsed from the file's UTF-8 bytes as they are, with no
   * copy of it as a string: a checkpoint holds a line per fragment.
   */
  public static List<Action> decode(InputStream in, String file) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      throw TableErrors.corruptFile(file, "the file is empty");
    }
    if (bytes[bytes.length - 1] != '\n') {
      throw TableErrors.corruptFile(file, "the last line is incomplete (file truncated?)");
    }
    List<Action> actions = new ArrayList<>();
    int lineNo = 0;
    for (int start = 0, end; start < bytes.length; start = end + 1) {
      end = start;
      while (bytes[end] != '\n') {
        end++;
      }
      lineNo++;
      if (isBlank(bytes, start, end)) {
        continue;
      }
      Action action;
      try {
        ActionJson json = Json.read(bytes, start, end - start, ActionJson.class);
        action = json == null ? null : json.toAction();
      } catch (IOException | RuntimeException e) {
        throw TableErrors.corruptFile(
            file, "line " + lineNo + " is not a valid action (" + firstLine(e) + ")", e);
      }
      if (action == null) {
        throw TableErrors.corruptFile(file, "line " + lineNo + " is not a JSON object");
      }
      actions.add(action);
    }
    return actions;
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
