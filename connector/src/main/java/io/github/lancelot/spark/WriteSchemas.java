package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schema that a write into an existing table commits together with its rows. Spark hands the
 * write its data in exactly the columns the table will have ({@link ResolveLanceWrites} or Spark's
 * own resolution): the table's columns in order and, with {@code mergeSchema}, the new ones after
 * them, which get new field ids, so that older fragments read them as NULL; with {@code
 * overwriteSchema}, the data's columns, with fresh field ids.
 */
final class WriteSchemas {
  private WriteSchemas() {}

  /**
   * The table schema after the write; {@code settings} (table properties and write options) may
   * declare the vector dimension of a new column.
   */
  static TableSchema after(
      String table,
      TableSchema current,
      StructType data,
      SchemaChangeOnWrite change,
      Map<String, String> settings) {
    TableSchema schema =
        switch (change) {
          case NONE -> current;
          case MERGE -> merged(current, data, settings);
          case OVERWRITE -> replaced(current, data, settings);
        };
    List<String> dataColumns = Arrays.asList(data.fieldNames());
    List<String> tableColumns = schema.columns().stream().map(TableSchema.Column::name).toList();
    boolean same = dataColumns.size() == tableColumns.size();
    for (int i = 0; same && i < dataColumns.size(); i++) {
      same = dataColumns.get(i).equalsIgnoreCase(tableColumns.get(i));
    }
    if (!same) {
      throw SparkErrors.writeColumnsMismatch(table, dataColumns, tableColumns);
    }
    return schema;
  }

  private static TableSchema merged(
      TableSchema current, StructType data, Map<String, String> settings) {
    TableSchema schema = current;
    for (StructField f : data.fields()) {
      if (current.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(f.name()))) {
        Integer dimension = SparkSchemas.declaredDimension(f.name(), settings);
        if (dimension == null && f.metadata().contains(SparkSchemas.VECTOR_DIMENSION_KEY)) {
          dimension = (int) f.metadata().getLong(SparkSchemas.VECTOR_DIMENSION_KEY);
        }
        StructField nullable =
            new StructField(f.name(), f.dataType(), true, withoutDefault(f).metadata());
        schema = schema.withColumnAdded(SparkSchemas.toArrowField(nullable, dimension));
      }
    }
    return schema;
  }

  /**
   * The data's columns as a new schema, or the current one when they are the same columns. Vector
   * dimensions that settings declare for columns the data no longer has are left out.
   */
  private static TableSchema replaced(
      TableSchema current, StructType data, Map<String, String> settings) {
    Map<String, String> applicable = new HashMap<>();
    settings.forEach(
        (key, value) -> {
          String column = SparkSchemas.vectorDimensionColumn(key);
          if (column == null
              || Arrays.stream(data.fieldNames()).anyMatch(n -> n.equalsIgnoreCase(column))) {
            applicable.put(key, value);
          }
        });
    StructType columns =
        new StructType(
            Arrays.stream(data.fields())
                .map(WriteSchemas::withoutDefault)
                .toArray(StructField[]::new));
    TableSchema fresh = SparkSchemas.toTableSchema(columns, applicable);
    return fields(fresh).equals(fields(current))
        ? current
        : fresh.withIdsAfter(current.lastFieldId());
  }

  /**
   * The column without the default its data may carry from the table it was read from: a column
   * this write creates has no default, so older rows read it as NULL.
   */
  private static StructField withoutDefault(StructField f) {
    Metadata metadata =
        new MetadataBuilder()
            .withMetadata(f.metadata())
            .remove("CURRENT_DEFAULT")
            .remove("EXISTS_DEFAULT")
            .remove(ColumnDefaults.METADATA_KEY)
            .build();
    return new StructField(f.name(), f.dataType(), f.nullable(), metadata);
  }

  private static List<Field> fields(TableSchema schema) {
    return schema.columns().stream().map(TableSchema.Column::field).toList();
  }

  /** How the commit records the change in the version's operation parameters. */
  static Map<String, String> describe(
      TableSchema before, TableSchema after, SchemaChangeOnWrite change) {
    Map<String, String> parameters = new TreeMap<>();
    if (after.equals(before)) {
      return parameters;
    }
    if (change == SchemaChangeOnWrite.OVERWRITE) {
      parameters.put(SchemaChangeOnWrite.OVERWRITE_SCHEMA, "true");
      return parameters;
    }
    parameters.put(SchemaChangeOnWrite.MERGE_SCHEMA, "true");
    List<TableSchema.Column> added = new ArrayList<>(after.columns());
    added.removeIf(c -> c.id() <= before.lastFieldId());
    for (TableSchema.Column c : added) {
      parameters.put("add." + c.name(), SparkSchemas.toSparkField(c.field()).dataType().sql());
    }
    return parameters;
  }
}
