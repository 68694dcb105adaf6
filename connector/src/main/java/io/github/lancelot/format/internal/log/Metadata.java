package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.TableSchema;
import java.util.Map;
import java.util.TreeMap;

/** A table's identity, schema and properties as of a version. */
public record Metadata(
    String tableId, TableSchema schema, Map<String, String> properties, long createdTime) {
  public Metadata {
    properties = properties == null ? Map.of() : new TreeMap<>(properties);
  }

  public Metadata withSchema(TableSchema newSchema) {
    return new Metadata(tableId, newSchema, properties, createdTime);
  }

  public Metadata withProperties(Map<String, String> newProperties) {
    return new Metadata(tableId, schema, newProperties, createdTime);
  }
}
