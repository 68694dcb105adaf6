package io.github.lancelot.catalog.sql;

import org.apache.spark.sql.catalyst.trees.Origin;
import scala.Option;

/** A position in a statement as Spark 4.1 and 4.2 hold it (10 fields). */
final class SparkOrigins {
  private SparkOrigins() {}

  static Origin at(int line, int positionInLine) {
    return new Origin(
        Option.apply(line),
        Option.apply(positionInLine),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty(),
        Option.empty());
  }
}
