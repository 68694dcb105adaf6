package io.github.lancelot.format;

import io.github.lancelot.format.internal.log.LogCodec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A table's columns: Arrow fields, each with a field id that is stable for the life of the column.
 * Data files refer to columns by field id, so renaming or dropping a column never touches data, and
 * a dropped column's id is never given to another column.
 */
public final class TableSchema implements Serializable {

  /** One top-level column. */
  public record Column(int id, Field field) {
    public String name() {
      return field.getName();
    }
  }

  private final transient List<Column> columns;
  private final int lastFieldId;

  public TableSchema(List<Column> columns, int lastFieldId) {
    this.columns = List.copyOf(columns);
    this.lastFieldId = lastFieldId;
    Set<Integer> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (Column c : this.columns) {
      if (c.id() <= 0 || c.id() > lastFieldId || !ids.add(c.id())) {
        throw TableErrors.invalidSchema(
            "field id " + c.id() + " of column '" + c.name() + "' is not unique");
      }
      if (!names.add(c.name().toLowerCase(java.util.Locale.ROOT))) {
        throw TableErrors.invalidSchema(
            "column name '" + c.name() + "' appears twice (names ignore case)");
      }
    }
  }

  /** A new schema whose columns get the ids 1..n in order. */
  public static TableSchema of(List<Field> fields) {
    List<Column> cols = new ArrayList<>();
    for (Field f : fields) {
      cols.add(new Column(cols.size() + 1, f));
    }
    return new TableSchema(cols, cols.size());
  }

  public static TableSchema of(Schema schema) {
    return of(schema.getFields());
  }

  public List<Column> columns() {
    return columns;
  }

  /** The highest field id ever given in this table; the next column gets the one after. */
  public int lastFieldId() {
    return lastFieldId;
  }

  public Schema arrowSchema() {
    return new Schema(columns.stream().map(Column::field).toList());
  }

  public Optional<Column> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<Column> columnById(int id) {
    return columns.stream().filter(c -> c.id() == id).findFirst();
  }

  /** The named columns, in the order given; an unknown name is an error naming it. */
  public List<Column> select(List<String> names) {
    List<Column> out = new ArrayList<>();
    for (String n : names) {
      out.add(column(n).orElseThrow(() -> TableErrors.columnNotFound(n, this)));
    }
    return out;
  }

  /** The same columns with fresh ids after {@code lastUsedFieldId}, as when a table is replaced. */
  public TableSchema withIdsAfter(int lastUsedFieldId) {
    List<Column> cols = new ArrayList<>();
    for (Column c : columns) {
      cols.add(new Column(lastUsedFieldId + cols.size() + 1, c.field()));
    }
    return new TableSchema(cols, lastUsedFieldId + cols.size());
  }

  public TableSchema withColumnAdded(Field field) {
    if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(field.getName()))) {
      throw TableErrors.columnAlreadyExists(field.getName());
    }
    List<Column> cols = new ArrayList<>(columns);
    cols.add(new Column(lastFieldId + 1, field));
    return new TableSchema(cols, lastFieldId + 1);
  }

  public TableSchema withColumnDropped(String name) {
    Column dropped = column(name).orElseThrow(() -> TableErrors.columnNotFound(name, this));
    List<Column> cols = new ArrayList<>(columns);
    cols.remove(dropped);
    return new TableSchema(cols, lastFieldId);
  }

  public TableSchema withColumnReplaced(String name, Field newField) {
    Column old = column(name).orElseThrow(() -> TableErrors.columnNotFound(name, this));
    List<Column> cols = new ArrayList<>(columns);
    cols.set(cols.indexOf(old), new Column(old.id(), newField));
    return new TableSchema(cols, lastFieldId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableSchema s && s.lastFieldId == lastFieldId && s.columns.equals(columns);
  }

  @Override
  public int hashCode() {
    return columns.hashCode() * 31 + lastFieldId;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("TableSchema[");
    for (Column c : columns) {
      b.append(b.length() > 12 ? ", " : "").append(c.id()).append(':').append(c.field());
    }
    return b.append(']').toString();
  }

  /**
   * Java serialization (for shipping to executors) goes through the JSON form, as Arrow fields are
   * not serializable.
   */
  private Object writeReplace() {
    return new SerializedForm(LogCodec.schemaToJson(this));
  }

  private record SerializedForm(String json) implements Serializable {
    private Object readResolve() {
      return LogCodec.schemaFromJson(json);
    }
  }
}
