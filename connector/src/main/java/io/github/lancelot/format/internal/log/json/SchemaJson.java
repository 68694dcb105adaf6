package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.TableSchema;
import java.util.List;

/**
 * A table schema on disk: its columns and the last field id given. Also the Java serialization form
 * of {@link TableSchema}, whose Arrow fields are not serializable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SchemaJson(List<ColumnJson> columns, int lastFieldId) {
  public static SchemaJson of(TableSchema s) {
    return new SchemaJson(s.columns().stream().map(ColumnJson::of).toList(), s.lastFieldId());
  }

  public TableSchema toTableSchema() {
    return new TableSchema(
        columns.stream().map(c -> c == null ? null : c.toColumn()).toList(), lastFieldId);
  }
}
