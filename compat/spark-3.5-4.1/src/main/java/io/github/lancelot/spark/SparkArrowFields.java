package io.github.lancelot.spark;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.util.ArrowUtils;

/** The Arrow mapping of one column on Spark 3.5 to 4.1. */
final class SparkArrowFields {
  private SparkArrowFields() {}

  /** The Arrow field Spark writes for a column, without Spark's own metadata. */
  static Field of(String name, DataType type, boolean nullable, String timeZone) {
    return ArrowUtils.toArrowField(name, type, nullable, timeZone, false);
  }
}
