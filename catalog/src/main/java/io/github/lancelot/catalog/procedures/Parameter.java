package io.github.lancelot.catalog.procedures;

import java.util.Optional;
import org.apache.spark.sql.types.DataType;

/**
 * One parameter of a procedure: its name, its Spark type, and whether a call must give it or else
 * its default (a SQL expression such as {@code NULL} or {@code 'float'}). What a Spark line
 * declares to its analyzer is derived from it.
 */
public final class Parameter {
  private final String name;
  private final DataType type;
  private final String defaultValue;

  private Parameter(String name, DataType type, String defaultValue) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
  }

  /** A parameter every call must give. */
  public static Parameter required(String name, DataType type) {
    return new Parameter(name, type, null);
  }

  /** A parameter that takes {@code defaultValue}, a SQL expression, when a call leaves it out. */
  public static Parameter optional(String name, DataType type, String defaultValue) {
    return new Parameter(name, type, defaultValue);
  }

  /** A parameter that is NULL when a call leaves it out. */
  public static Parameter optional(String name, DataType type) {
    return optional(name, type, "NULL");
  }

  public String name() {
    return name;
  }

  public DataType type() {
    return type;
  }

  public boolean isRequired() {
    return defaultValue == null;
  }

  /** The SQL expression of an optional parameter's default. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  @Override
  public String toString() {
    return name + " " + type.sql() + (isRequired() ? "" : " DEFAULT " + defaultValue);
  }
}
