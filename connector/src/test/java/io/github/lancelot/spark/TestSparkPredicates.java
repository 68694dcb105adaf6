package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.TableSchema;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * Which Spark predicates become the format's conditions, and how Spark's internal constants are
 * read.
 */
class TestSparkPredicates {
  static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable("name", new ArrowType.Utf8()),
              Field.nullable("price", new ArrowType.Decimal(10, 2, 128)),
              Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
              Field.nullable("at", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));

  static Predicate predicate(String name, Expression... children) {
    return new Predicate(name, children);
  }

  static Expression col(String... names) {
    return Expressions.column(String.join(".", names));
  }

  static Expression lit(Object value, DataType type) {
    return new LiteralValue<>(value, type);
  }

  static String exactly(Predicate... predicates) {
    return SparkPredicates.exactly(predicates, SCHEMA).map(Object::toString).orElse("none");
  }

  @Test
  void internalConstantsBecomeTypedLiterals() {
    assertThat(
            exactly(
                predicate(
                    "=", col("name"), lit(UTF8String.fromString("it's"), DataTypes.StringType))))
        .isEqualTo("name = 'it\\'s'");
    assertThat(
            exactly(
                predicate(
                    ">",
                    col("price"),
                    lit(Decimal.apply("12.30"), DataTypes.createDecimalType(10, 2)))))
        .isEqualTo("price > 12.30");
    assertThat(exactly(predicate("<=", col("day"), lit(19_000, DataTypes.DateType))))
        .isEqualTo("day <= DATE '2022-01-08'");
    assertThat(exactly(predicate(">=", col("at"), lit(1_000_001L, DataTypes.TimestampType))))
        .isEqualTo("at >= TIMESTAMP '1970-01-01T00:00:01.000001Z'");
    assertThat(
            exactly(
                predicate(
                    "IN", col("id"), lit(1L, DataTypes.LongType), lit(null, DataTypes.LongType))))
        .isEqualTo("id IN (1, NULL)");
    assertThat(
            exactly(
                predicate(
                    "STARTS_WITH",
                    col("name"),
                    lit(UTF8String.fromString("n"), DataTypes.StringType))))
        .isEqualTo("STARTS_WITH(name, 'n')");
  }

  @Test
  void aConstantOnTheLeftFlipsTheComparison() {
    assertThat(exactly(predicate("<", lit(5L, DataTypes.LongType), col("id")))).isEqualTo("id > 5");
    assertThat(exactly(predicate("<=>", lit(null, DataTypes.LongType), col("id"))))
        .isEqualTo("id <=> NULL");
  }

  @Test
  void logicalOperatorsAndSeveralPredicatesCombine() {
    Predicate small = predicate("<", col("id"), lit(5L, DataTypes.LongType));
    Predicate unnamed = predicate("IS_NULL", col("name"));
    assertThat(exactly(new Or(small, new Not(unnamed)), small))
        .isEqualTo("(id < 5 OR NOT (name IS NULL)) AND id < 5");
    assertThat(exactly(new And(small, unnamed))).isEqualTo("id < 5 AND name IS NULL");
  }

  @Test
  void whatHasNoTranslationIsLeftOutOnlyWhereThatIsSafe() {
    Predicate small = predicate("<", col("id"), lit(5L, DataTypes.LongType));
    Predicate function =
        predicate(
            "=",
            new org.apache.spark.sql.connector.expressions.GeneralScalarExpression(
                "ABS", new Expression[] {col("id")}),
            lit(1L, DataTypes.LongType));
    Predicate nested = predicate("IS_NULL", Expressions.column("`a`.`b`"));
    Predicate unknown = predicate("IS_NULL", col("nope"));
    for (Predicate p : List.of(function, nested, unknown)) {
      assertThat(exactly(p)).as(p.toString()).isEqualTo("none");
    }
    assertThat(exactly(small, function)).isEqualTo("none");
    assertThat(SparkPredicates.implied(new And(small, function), SCHEMA).map(Object::toString))
        .contains("id < 5");
    assertThat(SparkPredicates.implied(new Or(small, function), SCHEMA)).isEmpty();
    assertThat(SparkPredicates.implied(new Not(new And(small, function)), SCHEMA)).isEmpty();
    assertThat(SparkPredicates.implied(function, SCHEMA)).isEqualTo(Optional.empty());
    assertThat(SparkPredicates.describe(new Predicate[] {small, function}, SCHEMA))
        .startsWith("(id < 5) AND (ABS(id)");
  }
}
