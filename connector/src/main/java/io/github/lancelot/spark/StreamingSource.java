package io.github.lancelot.spark;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.Map;

/**
 * What a scan needs to become a stream ({@code spark.readStream}): the table, its name for errors,
 * the version the query was analyzed against (whose columns the stream reads) and the read options,
 * which hold the stream's options ({@link StreamingSourceOptions}).
 */
record StreamingSource(String name, Table table, Snapshot loaded, Map<String, String> options) {
  StreamingSource {
    options = Map.copyOf(options);
  }

  StreamingSourceOptions streamOptions() {
    return StreamingSourceOptions.of(name, options);
  }
}
