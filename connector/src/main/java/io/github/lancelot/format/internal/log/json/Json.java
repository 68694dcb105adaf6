package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one Jackson mapper of every JSON file the format writes. It reads and writes only the wire
 * records of this package: unknown properties are ignored (a newer writer may add some) and map
 * entries are sorted by key, so that equal content is written as equal bytes.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private Json() {}

  /** The record as one line of JSON, without a newline. */
  public static String write(Object wireRecord) {
    try {
      return MAPPER.writeValueAsString(wireRecord);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The record as UTF-8 bytes, as a whole file holding one JSON object. */
  public static byte[] writeBytes(Object wireRecord) {
    return write(wireRecord).getBytes(StandardCharsets.UTF_8);
  }

  /** Parses one JSON value; {@code null} for the JSON literal {@code null}. */
  public static <T> T read(String json, Class<T> type) throws JsonProcessingException {
    return MAPPER.readValue(json, type);
  }

  /** Parses {@code length} bytes of UTF-8 from {@code offset} holding one JSON value. */
  public static <T> T read(byte[] utf8, int offset, int length, Class<T> type) throws IOException {
    return MAPPER.readValue(utf8, offset, length, type);
  }

  /** Parses a whole stream holding one JSON value. */
  public static <T> T read(InputStream in, Class<T> type) throws IOException {
    return MAPPER.readValue(in, type);
  }
}
