package io.github.lancelot.spark;

import static io.github.lancelot.spark.TestSparkPredicates.col;
import static io.github.lancelot.spark.TestSparkPredicates.exactly;
import static io.github.lancelot.spark.TestSparkPredicates.lit;
import static io.github.lancelot.spark.TestSparkPredicates.predicate;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Strings with a collation (Spark 4) compare otherwise than Lance's statistics order them: a
 * predicate on one is left to Spark, while a binary string's is pushed down.
 */
@AcrossLines
class TestCollatedStringPredicates {
  @Test
  void aComparisonWithACollatedStringIsLeftToSpark() {
    assertThat(
            exactly(
                predicate(
                    "=",
                    col("name"),
                    lit(UTF8String.fromString("x"), StringType.apply("UTF8_LCASE")))))
        .isEqualTo("none");
    assertThat(
            exactly(
                predicate("=", col("name"), lit(UTF8String.fromString("x"), DataTypes.StringType))))
        .isEqualTo("name = 'x'");
  }
}
