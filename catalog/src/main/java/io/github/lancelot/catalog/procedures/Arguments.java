package io.github.lancelot.catalog.procedures;

import io.github.lancelot.catalog.CatalogErrors;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The arguments of one call of a procedure, read by parameter. Spark hands them over as a row in
 * the order of the procedure's parameters, with defaults filled in; a required parameter given NULL
 * is refused here.
 */
final class Arguments {
  private final String procedure;
  private final List<Parameter> parameters;
  private final InternalRow row;

  Arguments(String procedure, List<Parameter> parameters, InternalRow row) {
    this.procedure = procedure;
    this.parameters = parameters;
    this.row = row;
  }

  boolean isNull(Parameter parameter) {
    return row.isNullAt(index(parameter));
  }

  String string(Parameter parameter) {
    return row.getUTF8String(present(parameter)).toString();
  }

  Optional<String> optionalString(Parameter parameter) {
    return isNull(parameter) ? Optional.empty() : Optional.of(string(parameter));
  }

  int intValue(Parameter parameter) {
    return row.getInt(present(parameter));
  }

  long longValue(Parameter parameter) {
    return row.getLong(present(parameter));
  }

  OptionalLong optionalLong(Parameter parameter) {
    return isNull(parameter) ? OptionalLong.empty() : OptionalLong.of(longValue(parameter));
  }

  OptionalDouble optionalDouble(Parameter parameter) {
    return isNull(parameter)
        ? OptionalDouble.empty()
        : OptionalDouble.of(row.getDouble(index(parameter)));
  }

  boolean bool(Parameter parameter) {
    return row.getBoolean(present(parameter));
  }

  /** A timestamp in microseconds since the epoch, as Spark holds them. */
  OptionalLong optionalTimestampMicros(Parameter parameter) {
    return optionalLong(parameter);
  }

  private int present(Parameter parameter) {
    int index = index(parameter);
    if (row.isNullAt(index)) {
      throw CatalogErrors.argumentRequired(procedure, parameter.name());
    }
    return index;
  }

  private int index(Parameter parameter) {
    int index = parameters.indexOf(parameter);
    if (index < 0) {
      throw new IllegalStateException(
          "Procedure " + procedure + " has no parameter " + parameter.name());
    }
    return index;
  }
}
