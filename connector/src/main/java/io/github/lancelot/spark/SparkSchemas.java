package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * Converts between Spark schemas and table schemas. Spark's own Arrow mapping is used for every
 * type; the one addition is vector columns: an {@code ARRAY<FLOAT>} (or {@code ARRAY<DOUBLE>})
 * column with a declared dimension is stored as Arrow {@code FixedSizeList<Float32>[dim]} and shows
 * in Spark as that array type with the dimension in the field's metadata under {@link
 * #VECTOR_DIMENSION_KEY}.
 */
public final class SparkSchemas {
  /**
   * Field metadata key, write option suffix and table property suffix that declare a vector
   * dimension.
   */
  public static final String VECTOR_DIMENSION_KEY = "arrow.fixed-size-list.size";

  /** Timestamps are stored as UTC instants; the zone in the Arrow type is only a marker. */
  static final String TIME_ZONE = "UTC";

  private SparkSchemas() {}

  public static StructType toSparkType(TableSchema schema) {
    List<StructField> fields = new ArrayList<>();
    for (TableSchema.Column c : schema.columns()) {
      fields.add(toSparkField(c.field()));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /**
   * The table's columns as declared, CHAR(n) and VARCHAR(n) included: what the table shows Spark,
   * which checks lengths on write and pads CHAR values on read for such columns.
   */
  public static StructType toDeclaredSparkType(TableSchema schema) {
    return CharVarcharUtils.getRawSchema(toSparkType(schema));
  }

  /** Where Spark keeps a column's declared CHAR(n) / VARCHAR(n) type (Spark's CharVarcharUtils). */
  static final String CHAR_VARCHAR_TYPE = "__CHAR_VARCHAR_TYPE_STRING";

  /**
   * Spark column metadata kept in the table schema: the comment, the column default, and the
   * declared CHAR(n) or VARCHAR(n) type of a column Spark stores as a string (also nested, in the
   * type string of the top-level column), by which Spark checks lengths on write and pads on read.
   */
  static final List<String> KEPT_METADATA =
      List.of(
          "comment",
          "CURRENT_DEFAULT",
          "EXISTS_DEFAULT",
          ColumnDefaults.METADATA_KEY,
          CHAR_VARCHAR_TYPE);

  public static StructField toSparkField(Field field) {
    MetadataBuilder builder = new MetadataBuilder();
    Map<String, String> arrowMetadata =
        field.getMetadata() == null ? Map.of() : field.getMetadata();
    for (String key : KEPT_METADATA) {
      if (arrowMetadata.containsKey(key)) {
        builder.putString(key, arrowMetadata.get(key));
      }
    }
    Metadata metadata = builder.build();
    if (field.getType() instanceof ArrowType.FixedSizeList fsl) {
      metadata = builder.putLong(VECTOR_DIMENSION_KEY, fsl.getListSize()).build();
      Field element = field.getChildren().get(0);
      DataType elementType = ArrowUtils.fromArrowField(element);
      DataType type = DataTypes.createArrayType(elementType, element.isNullable());
      return new StructField(field.getName(), type, field.isNullable(), metadata);
    }
    Field plain =
        new Field(
            field.getName(),
            new FieldType(field.isNullable(), field.getType(), null),
            field.getChildren());
    return new StructField(
        field.getName(), ArrowUtils.fromArrowField(plain), field.isNullable(), metadata);
  }

  /**
   * A new table schema for Spark columns. Vector dimensions come from each field's metadata or,
   * overriding it, from {@code settings} entries {@code <column>.arrow.fixed-size-list.size}.
   */
  public static TableSchema toTableSchema(StructType sparkSchema, Map<String, String> settings) {
    Map<String, Integer> dims = vectorDimensions(sparkSchema, settings);
    List<Field> fields = new ArrayList<>();
    for (StructField f : sparkSchema.fields()) {
      fields.add(toArrowField(f, dims.get(f.name())));
    }
    return TableSchema.of(fields);
  }

  /** The Arrow field of a Spark column: a vector when {@code dimension} is given. */
  public static Field toArrowField(StructField f, Integer dimension) {
    Map<String, String> metadata = new java.util.TreeMap<>();
    for (String key : KEPT_METADATA) {
      if (f.metadata().contains(key)) {
        metadata.put(key, f.metadata().getString(key));
      }
    }
    if (CharVarcharUtils.hasCharVarchar(f.dataType())) {
      metadata.put(CHAR_VARCHAR_TYPE, f.dataType().catalogString());
    }
    Field field = dimension == null ? plainArrowField(f) : vectorField(f, dimension);
    return metadata.isEmpty()
        ? field
        : new Field(
            field.getName(),
            new FieldType(field.isNullable(), field.getType(), null, metadata),
            field.getChildren());
  }

  private static Field plainArrowField(StructField f) {
    try {
      DataType stored = CharVarcharUtils.replaceCharVarcharWithString(f.dataType());
      return SparkArrowFields.of(f.name(), stored, f.nullable(), TIME_ZONE);
    } catch (RuntimeException e) {
      throw SparkErrors.unsupportedType(f.name(), f.dataType().sql());
    }
  }

  private static Field vectorField(StructField f, int dimension) {
    if (!(f.dataType() instanceof ArrayType array)
        || !(array.elementType().equals(DataTypes.FloatType)
            || array.elementType().equals(DataTypes.DoubleType))) {
      throw SparkErrors.vectorColumnNotFloatArray(f.name(), f.dataType().sql());
    }
    FloatingPointPrecision precision =
        array.elementType().equals(DataTypes.FloatType)
            ? FloatingPointPrecision.SINGLE
            : FloatingPointPrecision.DOUBLE;
    Field element =
        new Field(
            "element",
            new FieldType(array.containsNull(), new ArrowType.FloatingPoint(precision), null),
            null);
    return new Field(
        f.name(),
        new FieldType(f.nullable(), new ArrowType.FixedSizeList(dimension), null),
        List.of(element));
  }

  /**
   * The vector dimension {@code settings} declare for one column ({@code
   * <column>.arrow.fixed-size-list.size}), if any.
   */
  public static Integer declaredDimension(String column, Map<String, String> settings) {
    String key = column + "." + VECTOR_DIMENSION_KEY;
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return parseDimension(column, e.getValue());
      }
    }
    return null;
  }

  /**
   * The column a {@code <column>.arrow.fixed-size-list.size} setting names, or null for any other
   * setting.
   */
  public static String vectorDimensionColumn(String key) {
    String suffix = "." + VECTOR_DIMENSION_KEY;
    return key.toLowerCase(Locale.ROOT).endsWith(suffix)
        ? key.substring(0, key.length() - suffix.length())
        : null;
  }

  /**
   * Whether {@code schema} has a vector column named {@code column} (in any case) of {@code
   * dimension}.
   */
  public static boolean isVectorColumn(TableSchema schema, String column, int dimension) {
    return schema.columns().stream()
        .anyMatch(
            c ->
                c.name().equalsIgnoreCase(column)
                    && c.field().getType() instanceof ArrowType.FixedSizeList f
                    && f.getListSize() == dimension);
  }

  /** Declared vector dimensions by column name, from field metadata and from settings. */
  public static Map<String, Integer> vectorDimensions(
      StructType schema, Map<String, String> settings) {
    Map<String, Integer> dims = new java.util.HashMap<>();
    for (StructField f : schema.fields()) {
      if (f.metadata().contains(VECTOR_DIMENSION_KEY)) {
        dims.put(f.name(), (int) f.metadata().getLong(VECTOR_DIMENSION_KEY));
      }
    }
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String column = vectorDimensionColumn(e.getKey());
      if (column == null) {
        continue;
      }
      StructField field = findField(schema, column);
      if (field == null) {
        throw SparkErrors.vectorDimensionForUnknownColumn(column);
      }
      dims.put(field.name(), parseDimension(column, e.getValue()));
    }
    return dims;
  }

  private static StructField findField(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  static int parseDimension(String column, String value) {
    try {
      int d = Integer.parseInt(value.trim());
      if (d > 0) {
        return d;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw SparkErrors.invalidVectorDimension(column, value);
  }
}
