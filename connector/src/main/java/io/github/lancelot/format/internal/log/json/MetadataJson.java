package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.Metadata;
import java.util.Map;

/** The {@code metadata} action on disk; every field is written, null or not. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetadataJson(
    String tableId, SchemaJson schema, Map<String, String> properties, long createdTime) {
  public static MetadataJson of(Metadata m) {
    return new MetadataJson(
        m.tableId(),
        m.schema() == null ? null : SchemaJson.of(m.schema()),
        m.properties(),
        m.createdTime());
  }

  public Metadata toMetadata() {
    return new Metadata(
        tableId, schema == null ? null : schema.toTableSchema(), properties, createdTime);
  }
}
