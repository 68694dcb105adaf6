package io.github.lancelot.spark;

import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.util.ArrowUtils;

/** Spark 4.2's Arrow mapping of one column, which can also carry the column's Spark metadata. */
final class SparkArrowFields {
  private SparkArrowFields() {}

  /** The Arrow field Spark writes for a column, without Spark's own metadata. */
  static Field of(String name, DataType type, boolean nullable, String timeZone) {
    return ArrowUtils.toArrowField(name, type, nullable, timeZone, false, Metadata.empty());
  }
}
