package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import io.github.lancelot.spark.SparkSchemas;
import java.util.Locale;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.add_vector_column(table => 'db.t', column => 'v', dimension => 384)}:
 * adds a vector column ({@code ARRAY<FLOAT>} stored as a fixed-size list) in one new version, as
 * {@code ALTER TABLE t ADD COLUMN v VECTOR(384)} does.
 */
public final class AddVectorColumnProcedure extends LanceProcedure {
  public static final String NAME = "add_vector_column";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter COLUMN = Parameter.required("column", DataTypes.StringType);
  private static final Parameter DIMENSION = Parameter.required("dimension", DataTypes.IntegerType);
  private static final Parameter ELEMENT_TYPE =
      Parameter.optional("element_type", DataTypes.StringType, "'float'");
  private static final Parameter COMMENT = Parameter.optional("comment", DataTypes.StringType);

  public AddVectorColumnProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Adds a vector column (a fixed-size array of floats) to a table as one new version",
        TABLE,
        COLUMN,
        DIMENSION,
        ELEMENT_TYPE,
        COMMENT);
  }

  @Override
  public StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("column", DataTypes.StringType)
        .add("dimension", DataTypes.IntegerType)
        .add("version", DataTypes.LongType);
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    String table = context.displayName(ident);
    String column = args.string(COLUMN);
    int dimension = args.intValue(DIMENSION);
    if (dimension <= 0) {
      throw CatalogErrors.invalidVectorDimension(table, column, dimension);
    }
    String elementType = args.optionalString(ELEMENT_TYPE).orElse("float");
    DataType element =
        switch (elementType.toLowerCase(Locale.ROOT)) {
          case "float" -> DataTypes.FloatType;
          case "double" -> DataTypes.DoubleType;
          default -> throw CatalogErrors.invalidVectorElementType(table, column, elementType);
        };
    String comment = args.optionalString(COMMENT).orElse(null);
    try {
      context
          .catalog()
          .alterTable(
              ident,
              TableChange.setProperty(
                  column + "." + SparkSchemas.VECTOR_DIMENSION_KEY, String.valueOf(dimension)),
              TableChange.addColumn(
                  new String[] {column}, DataTypes.createArrayType(element, true), true, comment));
    } catch (NoSuchTableException e) {
      throw withCause(CatalogErrors.tableNotFound(table), e);
    }
    refreshCachedTable(ident);
    long version = lanceTable(ident).latestSnapshot().version();
    return new InternalRow[] {
      new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(table), UTF8String.fromString(column), dimension, version
          })
    };
  }
}
