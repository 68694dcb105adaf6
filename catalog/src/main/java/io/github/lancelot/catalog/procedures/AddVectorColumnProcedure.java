package io.github.lancelot.catalog.procedures;

import io.github.lancelot.spark.SparkSchemas;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.TableChange;
import org.apache.spark.sql.connector.catalog.procedures.ProcedureParameter;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.add_vector_column(table => 'db.t', column => 'v', dimension => 384)}: adds a vector
 * column ({@code ARRAY<FLOAT>} stored as a fixed-size list) in one new version, as
 * {@code ALTER TABLE t ADD COLUMN v VECTOR(384)} does.
 */
public final class AddVectorColumnProcedure extends LanceProcedure {
  public static final String NAME = "add_vector_column";

  public AddVectorColumnProcedure(ProcedureContext context) {
    super(context, NAME, "Adds a vector column (a fixed-size array of floats) to a table as one new version");
  }

  @Override
  public ProcedureParameter[] parameters() {
    return new ProcedureParameter[] {
      ProcedureParameter.in("table", DataTypes.StringType).build(),
      ProcedureParameter.in("column", DataTypes.StringType).build(),
      ProcedureParameter.in("dimension", DataTypes.IntegerType).build(),
      ProcedureParameter.in("element_type", DataTypes.StringType).defaultValue("'float'").build(),
      ProcedureParameter.in("comment", DataTypes.StringType).defaultValue("NULL").build()
    };
  }

  @Override
  protected StructType resultSchema() {
    return new StructType()
        .add("table", DataTypes.StringType)
        .add("column", DataTypes.StringType)
        .add("dimension", DataTypes.IntegerType)
        .add("version", DataTypes.LongType);
  }

  @Override
  protected InternalRow[] run(InternalRow args) {
    Identifier ident = tableArgument(args.getUTF8String(0).toString());
    String column = args.getUTF8String(1).toString();
    int dimension = args.getInt(2);
    if (dimension <= 0) {
      throw new IllegalArgumentException(
          "Invalid vector dimension " + dimension + " for column '" + column + "': expected a positive number");
    }
    String elementType = args.isNullAt(3) ? "float" : args.getUTF8String(3).toString();
    DataType element = switch (elementType.toLowerCase(java.util.Locale.ROOT)) {
      case "float" -> DataTypes.FloatType;
      case "double" -> DataTypes.DoubleType;
      default -> throw new IllegalArgumentException(
          "Invalid element_type '" + elementType + "' for vector column '" + column + "': expected float or double");
    };
    String comment = args.isNullAt(4) ? null : args.getUTF8String(4).toString();
    try {
      context.catalog().alterTable(ident,
          TableChange.setProperty(column + "." + SparkSchemas.VECTOR_DIMENSION_KEY, String.valueOf(dimension)),
          TableChange.addColumn(new String[] {column}, DataTypes.createArrayType(element, true), true, comment));
      long version = lanceTable(ident).latestSnapshot().version();
      return new InternalRow[] {new GenericInternalRow(new Object[] {
        UTF8String.fromString(context.displayName(ident)), UTF8String.fromString(column), dimension, version
      })};
    } catch (NoSuchTableException e) {
      throw new IllegalArgumentException("Table " + context.displayName(ident) + " does not exist", e);
    }
  }
}
