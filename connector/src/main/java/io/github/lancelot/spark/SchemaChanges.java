package io.github.lancelot.spark;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Applies the changes of one ALTER TABLE statement to a table's schema and properties, all of them
 * as one new version. Columns are changed by field id, so no data file is rewritten: an added
 * column reads as NULL (or its default) in older fragments, a renamed or dropped one only changes
 * the schema.
 */
final class SchemaChanges {
  private final String table;
  private final Snapshot base;
  private TableSchema schema;
  private final Map<String, String> properties;
  private final Map<String, String> parameters = new TreeMap<>();
  private boolean schemaChanged;
  private boolean onlyAdds = true;

  SchemaChanges(String table, Snapshot base) {
    this.table = table;
    this.base = base;
    this.schema = base.schema();
    this.properties = new TreeMap<>(base.properties());
  }

  SchemaChanges apply(List<TableChange> changes) {
    for (TableChange change : changes) {
      if (change instanceof TableChange.SetProperty set) {
        checkVectorDimension(set.property(), set.value(), changes);
        properties.put(set.property(), set.value());
        parameters.put("set." + set.property(), set.value());
      } else if (change instanceof TableChange.RemoveProperty remove) {
        properties.remove(remove.property());
        parameters.put("unset." + remove.property(), "");
      }
    }
    for (TableChange change : changes) {
      if (change instanceof TableChange.ColumnChange columnChange) {
        applyColumnChange(columnChange);
      }
    }
    return this;
  }

  /**
   * A {@code <column>.arrow.fixed-size-list.size} property must be a positive number and name a
   * vector column of that dimension, or a column the same statement adds.
   */
  private void checkVectorDimension(String key, String value, List<TableChange> changes) {
    String column = SparkSchemas.vectorDimensionColumn(key);
    if (column == null) {
      return;
    }
    int dimension = SparkSchemas.declaredDimension(column, java.util.Map.of(key, value));
    boolean added =
        changes.stream()
            .anyMatch(
                c ->
                    c instanceof TableChange.AddColumn a
                        && a.fieldNames().length == 1
                        && a.fieldNames()[0].equalsIgnoreCase(column));
    if (!added && !SparkSchemas.isVectorColumn(schema, column, dimension)) {
      throw SparkErrors.unsupportedChange(
          table,
          "set "
              + key
              + ": column '"
              + column
              + "' is not a vector column of dimension "
              + dimension
              + "; add vector columns with ADD COLUMN "
              + column
              + " VECTOR("
              + dimension
              + ")");
    }
  }

  private void applyColumnChange(TableChange.ColumnChange change) {
    String[] names = change.fieldNames();
    if (names.length != 1) {
      throw SparkErrors.nestedColumnChange(table, names);
    }
    String column = names[0];
    schemaChanged = true;
    onlyAdds &= change instanceof TableChange.AddColumn;
    if (change instanceof TableChange.AddColumn add) {
      addColumn(add);
    } else if (change instanceof TableChange.RenameColumn rename) {
      Field old = field(column);
      schema = schema.withColumnReplaced(old.getName(), withName(old, rename.newName()));
      parameters.put("rename." + old.getName(), rename.newName());
    } else if (change instanceof TableChange.DeleteColumn delete) {
      String name = resolve(column, delete.ifExists());
      if (name != null) {
        schema = schema.withColumnDropped(name);
        parameters.put("drop." + name, "");
      }
    } else if (change instanceof TableChange.UpdateColumnComment comment) {
      Field old = field(column);
      schema =
          schema.withColumnReplaced(
              old.getName(), withMetadata(old, "comment", comment.newComment()));
      parameters.put("comment." + old.getName(), comment.newComment());
    } else if (change instanceof TableChange.UpdateColumnType type) {
      Field old = field(column);
      StructField current = SparkSchemas.toSparkField(old);
      StructField widened =
          new StructField(
              current.name(), type.newDataType(), current.nullable(), current.metadata());
      schema = schema.withColumnReplaced(old.getName(), SparkSchemas.toArrowField(widened, null));
      parameters.put("type." + old.getName(), type.newDataType().sql());
    } else if (change instanceof TableChange.UpdateColumnNullability nullability) {
      Field old = field(column);
      if (!nullability.nullable() && old.isNullable()) {
        throw SparkErrors.unsupportedChange(table, "make column '" + old.getName() + "' NOT NULL");
      }
      schema =
          schema.withColumnReplaced(
              old.getName(),
              new Field(
                  old.getName(),
                  new FieldType(true, old.getType(), null, old.getMetadata()),
                  old.getChildren()));
      parameters.put("nullable." + old.getName(), "true");
    } else if (change instanceof TableChange.UpdateColumnPosition position) {
      Field old = field(column);
      schema = moved(old.getName(), position.position());
      parameters.put("position." + old.getName(), String.valueOf(position.position()));
    } else if (change instanceof TableChange.UpdateColumnDefaultValue defaultValue) {
      Field old = field(column);
      String sql = ColumnDefaultChanges.newDefaultSql(defaultValue);
      schema =
          schema.withColumnReplaced(
              old.getName(),
              withMetadata(old, "CURRENT_DEFAULT", sql == null || sql.isEmpty() ? null : sql));
      parameters.put("default." + old.getName(), sql == null ? "" : sql);
    } else {
      throw SparkErrors.unsupportedChange(table, change.getClass().getSimpleName());
    }
  }

  private void addColumn(TableChange.AddColumn add) {
    String name = add.fieldNames()[0];
    MetadataBuilder metadata = new MetadataBuilder();
    if (add.comment() != null) {
      metadata.putString("comment", add.comment());
    }
    if (add.defaultValue() != null) {
      metadata.putString("CURRENT_DEFAULT", add.defaultValue().getSql());
      metadata.putString("EXISTS_DEFAULT", add.defaultValue().getSql());
    }
    StructField column = new StructField(name, add.dataType(), add.isNullable(), metadata.build());
    Integer dimension = SparkSchemas.declaredDimension(name, properties);
    Field field = SparkSchemas.toArrowField(column, dimension);
    if (add.defaultValue() != null && add.defaultValue().getValue() != null) {
      field = ColumnDefaults.withDefault(field, javaValue(add.defaultValue().getValue().value()));
    }
    schema = schema.withColumnAdded(field);
    if (add.position() != null) {
      schema = moved(name, add.position());
    }
    parameters.put(
        "add." + name,
        add.dataType().sql() + (dimension == null ? "" : " VECTOR(" + dimension + ")"));
  }

  /** A default's value as Spark holds it internally, as the Java value the table format stores. */
  private static Object javaValue(Object sparkValue) {
    if (sparkValue instanceof UTF8String s) {
      return s.toString();
    }
    if (sparkValue instanceof Decimal d) {
      return d.toJavaBigDecimal();
    }
    return sparkValue;
  }

  private TableSchema moved(String column, TableChange.ColumnPosition position) {
    List<TableSchema.Column> cols = new ArrayList<>(schema.columns());
    TableSchema.Column moving = schema.column(column).orElseThrow();
    cols.remove(moving);
    if (position instanceof TableChange.First) {
      cols.add(0, moving);
    } else if (position instanceof TableChange.After after) {
      String anchor = field(after.column()).getName();
      int at = 0;
      while (!cols.get(at).name().equals(anchor)) {
        at++;
      }
      cols.add(at + 1, moving);
    }
    return new TableSchema(cols, schema.lastFieldId());
  }

  /**
   * The column's name as stored, matched ignoring case as Spark does; null if absent and {@code
   * ifExists}.
   */
  private String resolve(String column, boolean ifExists) {
    for (TableSchema.Column c : schema.columns()) {
      if (c.name().equalsIgnoreCase(column)) {
        return c.name();
      }
    }
    if (ifExists) {
      return null;
    }
    throw SparkErrors.columnNotFound(table, column);
  }

  private Field field(String column) {
    return schema.column(resolve(column, false)).orElseThrow().field();
  }

  private static Field withName(Field f, String name) {
    return new Field(name, f.getFieldType(), f.getChildren());
  }

  private static Field withMetadata(Field f, String key, String value) {
    Map<String, String> metadata =
        new HashMap<>(f.getMetadata() == null ? Map.of() : f.getMetadata());
    if (value == null) {
      metadata.remove(key);
    } else {
      metadata.put(key, value);
    }
    FieldType type =
        new FieldType(
            f.isNullable(), f.getType(), f.getDictionary(), metadata.isEmpty() ? null : metadata);
    return new Field(f.getName(), type, f.getChildren());
  }

  /** Commits the changes as one version, which it returns. */
  Snapshot commit(Table target) {
    String operation =
        !schemaChanged
            ? Operation.SET_PROPERTIES
            : onlyAdds ? Operation.ADD_COLUMNS : Operation.CHANGE_SCHEMA;
    var txn = target.newTransaction(base, operation);
    if (schemaChanged) {
      txn.setSchema(schema);
    }
    if (!properties.equals(base.properties())) {
      txn.setProperties(properties);
    }
    parameters.forEach(txn::operationParameter);
    return txn.commit();
  }
}
