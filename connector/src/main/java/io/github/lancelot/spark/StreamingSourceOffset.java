package io.github.lancelot.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.connector.read.streaming.Offset;

/**
 * A position in a stream from a Lance table, as written to the query's checkpoint: the table's id
 * (so that a table dropped and created again at the same place is not taken for the old one), the
 * version being read, the index of the next fragment to read of that version, and whether that
 * version is read as the stream's initial snapshot (all its rows) rather than as the rows it added.
 * A version read whole is {@code (version + 1, 0, false)}; a change feed stream only uses such
 * offsets.
 */
final class StreamingSourceOffset extends Offset {
  /** The layout of the JSON form; a newer layout is refused. */
  static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** The JSON form. */
  record Fields(int format, String tableId, long version, long index, boolean initialSnapshot) {}

  private final Fields fields;

  StreamingSourceOffset(String tableId, long version, long index, boolean initialSnapshot) {
    this.fields = new Fields(FORMAT, tableId, version, index, initialSnapshot);
  }

  /** The offset a checkpoint recorded in {@link #json()}. */
  static StreamingSourceOffset fromJson(String json) {
    Fields f;
    try {
      f = JSON.readValue(json, Fields.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid Lance stream offset: " + json, e);
    }
    if (f.format() > FORMAT) {
      throw new IllegalArgumentException(
          "Lance stream offset " + json + " was written by a newer Lancelot; upgrade to read it");
    }
    return new StreamingSourceOffset(f.tableId(), f.version(), f.index(), f.initialSnapshot());
  }

  String tableId() {
    return fields.tableId();
  }

  long version() {
    return fields.version();
  }

  long index() {
    return fields.index();
  }

  boolean initialSnapshot() {
    return fields.initialSnapshot();
  }

  @Override
  public String json() {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
