package io.github.lancelot.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.plans.logical.AppendData;
import org.apache.spark.sql.catalyst.plans.logical.OverwriteByExpression;
import org.apache.spark.sql.catalyst.plans.logical.V2WriteCommand;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataType$;
import scala.Option;

/**
 * The columns a write's data is resolved into: the table's own; with {@code mergeSchema}, followed
 * by the data's columns the table lacks (matched by name as {@code spark.sql.caseSensitive} says,
 * or by position after the table's columns), as nullable columns; with {@code overwriteSchema}, the
 * data's columns, nullable as a new table's are.
 */
final class WriteColumns {
  private WriteColumns() {}

  static List<Attribute> expected(
      String table,
      V2WriteCommand write,
      List<Attribute> tableColumns,
      SchemaChangeOnWrite change) {
    List<Attribute> data = ScalaCollections.list(write.query().output());
    return switch (change) {
      case OVERWRITE -> {
        if (!replacesEveryRow(write)) {
          throw SparkErrors.overwriteSchemaWithoutOverwrite(table, describe(write));
        }
        yield data.stream().map(c -> c.withNullability(true)).toList();
      }
      case MERGE -> {
        List<Attribute> columns = new ArrayList<>(tableColumns);
        for (Attribute added : notInTable(write, data, tableColumns)) {
          for (Attribute existing : tableColumns) {
            if (existing.name().equalsIgnoreCase(added.name())) {
              throw SparkErrors.newColumnNameTaken(table, added.name(), existing.name());
            }
          }
          columns.add(added.withNullability(true));
        }
        yield columns;
      }
      case NONE -> {
        if (write.isByName()) {
          List<String> extra =
              notInTable(write, data, tableColumns).stream().map(Attribute::name).toList();
          if (!extra.isEmpty()) {
            throw SparkErrors.columnsNotInTable(table, extra);
          }
        }
        yield tableColumns;
      }
    };
  }

  /**
   * The data's columns that no table column takes: by name, those matching none; by position, those
   * after the table's last column.
   */
  private static List<Attribute> notInTable(
      V2WriteCommand write, List<Attribute> data, List<Attribute> tableColumns) {
    if (!write.isByName()) {
      return data.subList(Math.min(tableColumns.size(), data.size()), data.size());
    }
    SQLConf conf = SQLConf.get();
    return data.stream()
        .filter(
            c ->
                tableColumns.stream()
                    .noneMatch(t -> (Boolean) conf.resolver().apply(t.name(), c.name())))
        .toList();
  }

  private static boolean replacesEveryRow(V2WriteCommand write) {
    return write instanceof OverwriteByExpression overwrite
        && overwrite.deleteExpr() instanceof Literal condition
        && Boolean.TRUE.equals(condition.value());
  }

  private static String describe(V2WriteCommand write) {
    return write instanceof AppendData
        ? "an append to"
        : write instanceof OverwriteByExpression
            ? "a conditional overwrite of"
            : "a dynamic partition overwrite of";
  }

  /**
   * Whether the data already is in the expected columns: same names in the same order, the same
   * declared types (CHAR and VARCHAR included) and no nullable data in a NOT NULL column. Spark
   * applies the same test to writes it resolves itself.
   */
  static boolean alreadyResolved(List<Attribute> data, List<Attribute> expected) {
    if (data.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < data.size(); i++) {
      Attribute in = data.get(i);
      Attribute out = expected.get(i);
      if (!in.name().equals(out.name())
          || !DataType$.MODULE$.equalsIgnoreCompatibleNullability(declared(in), declared(out))
          || (in.nullable() && !out.nullable())) {
        return false;
      }
    }
    return true;
  }

  private static DataType declared(Attribute column) {
    Option<DataType> raw = CharVarcharUtils.getRawType(column.metadata());
    return raw.isDefined() ? raw.get() : column.dataType();
  }
}
