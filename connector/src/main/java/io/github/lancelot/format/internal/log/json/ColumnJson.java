package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.TableSchema;
import org.apache.arrow.vector.types.pojo.Field;

/** One top-level column on disk: its field id and its Arrow field in Arrow's own JSON form. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ColumnJson(int id, Field field) {
  public static ColumnJson of(TableSchema.Column c) {
    return new ColumnJson(c.id(), c.field());
  }

  public TableSchema.Column toColumn() {
    return new TableSchema.Column(id, field);
  }
}
