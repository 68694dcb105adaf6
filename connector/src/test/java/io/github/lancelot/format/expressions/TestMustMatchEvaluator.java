package io.github.lancelot.format.expressions;

import static io.github.lancelot.format.expressions.Expressions.*;
import static io.github.lancelot.format.expressions.Fragments.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.DeletionFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Comparison.Operator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/**
 * When a fragment's statistics prove that every row matches, so that a DELETE can drop it unread. A
 * wrong yes deletes rows that do not match, so every doubt must be a no.
 */
class TestMustMatchEvaluator {
  static boolean must(Expression e, Fragment f) {
    return must(Fragments.SCHEMA, e, f);
  }

  static boolean must(TableSchema schema, Expression e, Fragment f) {
    return new MustMatchEvaluator(schema, e).mustMatch(f);
  }

  /** l holds values in [10, 20] in five rows, none NULL. */
  final Fragment tenToTwenty = column("l", 5, 10L, 20L, 0);

  @Test
  void comparisonsAtAndAroundTheBoundaries() {
    long[] literals = {9, 10, 11, 19, 20, 21};
    Map<Operator, boolean[]> expected =
        Map.of(
            Operator.EQUAL, new boolean[] {false, false, false, false, false, false},
            Operator.NULL_SAFE_EQUAL, new boolean[] {false, false, false, false, false, false},
            Operator.NOT_EQUAL, new boolean[] {true, false, false, false, false, true},
            Operator.LESS_THAN, new boolean[] {false, false, false, false, false, true},
            Operator.LESS_THAN_OR_EQUAL, new boolean[] {false, false, false, false, true, true},
            Operator.GREATER_THAN, new boolean[] {true, false, false, false, false, false},
            Operator.GREATER_THAN_OR_EQUAL, new boolean[] {true, true, false, false, false, false});
    expected.forEach(
        (op, results) -> {
          for (int i = 0; i < literals.length; i++) {
            assertThat(must(compare(op, "l", literal(literals[i])), tenToTwenty))
                .as("l %s %d on [10, 20]", op.symbol(), literals[i])
                .isEqualTo(results[i]);
          }
        });
  }

  @Test
  void equalityNeedsEveryValueToBeTheLiteral() {
    Fragment allTen = column("l", 5, 10L, 10L, 0);
    assertThat(must(equal("l", literal(10L)), allTen)).isTrue();
    assertThat(must(nullSafeEqual("l", literal(10L)), allTen)).isTrue();
    assertThat(must(in("l", literal(3L), literal(10L)), allTen)).isTrue();
    assertThat(must(in("l", literal(3L), literal(11L)), allTen)).isFalse();
    assertThat(must(in("l", literal(10L), literal(20L)), tenToTwenty)).isFalse();
    assertThat(must(equal("l", literal(11L)), allTen)).isFalse();
    assertThat(must(equal("l", literal(10L)), column("l", 5, 10L, null, 0))).isFalse();
    assertThat(must(equal("l", literal(10L)), column("l", 5, null, 10L, 0))).isFalse();
  }

  @Test
  void anyNullRowDefeatsEveryComparison() {
    Fragment someNull = column("l", 5, 10L, 10L, 1);
    for (Operator op : Operator.values()) {
      assertThat(must(compare(op, "l", literal(10L)), someNull)).as(op.symbol()).isFalse();
      assertThat(must(compare(op, "l", literal(0L)), someNull)).as(op.symbol()).isFalse();
      assertThat(must(compare(op, "l", literal(99L)), someNull)).as(op.symbol()).isFalse();
    }
    assertThat(must(in("l", literal(10L)), someNull)).isFalse();
    assertThat(must(startsWith("s", "a"), column("s", 5, "a", "a", 1))).isFalse();
  }

  @Test
  void nullTestsFollowTheNullCount() {
    Fragment none = column("l", 5, 10L, 20L, 0);
    Fragment some = column("l", 5, 10L, 20L, 2);
    Fragment all = column("l", 5, null, null, 5);
    assertThat(List.of(none, some, all))
        .extracting(f -> must(isNull("l"), f))
        .containsExactly(false, false, true);
    assertThat(List.of(none, some, all))
        .extracting(f -> must(isNotNull("l"), f))
        .containsExactly(true, false, false);
    Expression isNullSafe = nullSafeEqual("l", nullLiteral(Literal.Type.LONG));
    assertThat(List.of(none, some, all))
        .extracting(f -> must(isNullSafe, f))
        .containsExactly(false, false, true);
    assertThat(must(not(isNullSafe), none)).isTrue();
    assertThat(must(not(isNullSafe), some)).isFalse();
  }

  @Test
  void aComparisonWithNullNeverMatches() {
    Fragment all = column("l", 5, null, null, 5);
    Literal nul = nullLiteral(Literal.Type.LONG);
    for (Operator op : Operator.values()) {
      assertThat(must(compare(op, "l", nul), tenToTwenty)).as(op.symbol()).isFalse();
      assertThat(must(compare(op, "l", nul), all))
          .as(op.symbol())
          .isEqualTo(op == Operator.NULL_SAFE_EQUAL);
      assertThat(must(not(compare(op, "l", nul)), tenToTwenty))
          .as("NOT " + op.symbol())
          .isEqualTo(op == Operator.NULL_SAFE_EQUAL);
    }
    assertThat(must(in("l", nul), all)).isFalse();
    assertThat(must(not(in("l", nul, literal(1L))), tenToTwenty)).isFalse();
    assertThat(must(not(in("l", List.of())), tenToTwenty)).isFalse();
    assertThat(must(in("l", nul, literal(10L)), column("l", 5, 10L, 10L, 0))).isTrue();
  }

  @Test
  void notInNeedsEveryValueOutsideTheList() {
    assertThat(must(not(in("l", literal(9L), literal(21L))), tenToTwenty)).isTrue();
    assertThat(must(not(in("l", literal(9L), literal(20L))), tenToTwenty)).isFalse();
    assertThat(must(not(in("l", literal(9L))), column("l", 5, 10L, 20L, 1))).isFalse();
  }

  @Test
  void floatingPointWithANaNOrANaNLiteralNeverMatches() {
    Fragment withNaN = column("d", 5, null, null, 0);
    for (Operator op : Operator.values()) {
      assertThat(must(compare(op, "d", literal(1.0)), withNaN)).as(op.symbol()).isFalse();
      assertThat(must(compare(op, "d", literal(Double.NaN)), column("d", 5, 1.0, 2.0, 0)))
          .as(op.symbol())
          .isFalse();
      assertThat(must(not(compare(op, "d", literal(Double.NaN))), column("d", 5, 1.0, 2.0, 0)))
          .isFalse();
      assertThat(must(compare(op, "f", literal(Float.NaN)), column("f", 5, 1.0, 1.0, 0)))
          .as(op.symbol())
          .isFalse();
    }
    assertThat(must(isNotNull("d"), withNaN)).isTrue();
    assertThat(must(greaterThan("d", literal(0.5)), column("d", 5, 1.0, 2.0, 0))).isTrue();
    assertThat(must(equal("d", literal(0.0)), column("d", 5, -0.0, 0.0, 0))).isTrue();
    assertThat(
            must(
                lessThan("d", literal(Double.POSITIVE_INFINITY)),
                column("d", 5, 1.0, "Infinity", 0)))
        .isFalse();
    assertThat(must(lessThan("d", literal(Double.POSITIVE_INFINITY)), column("d", 5, 1.0, 2.0, 0)))
        .isTrue();
  }

  @Test
  void missingStatisticsProveNothing() {
    Fragment none = Fragments.withStats(5, Map.of());
    List<Expression> all =
        List.of(
            equal("l", literal(1L)),
            notEqual("l", literal(1L)),
            lessThan("l", literal(1L)),
            greaterThan("l", literal(1L)),
            in("l", literal(1L)),
            isNull("l"),
            isNotNull("l"),
            startsWith("s", "x"),
            nullSafeEqual("l", nullLiteral(Literal.Type.LONG)),
            not(equal("l", literal(1L))),
            not(isNull("l")));
    for (Expression e : all) {
      assertThat(must(e, none)).as(e.toString()).isFalse();
    }
    assertThat(must(alwaysTrue(), none)).isTrue();
  }

  @Test
  void unknownColumnsAndLiteralsOfAnotherTypeProveNothing() {
    assertThat(must(isNotNull("nope"), tenToTwenty)).isFalse();
    assertThat(must(notEqual("l", literal("1")), tenToTwenty)).isFalse();
    assertThat(must(greaterThan("l", literal(1.5)), tenToTwenty)).isFalse();
    assertThat(must(greaterThan("d", literal(Long.MIN_VALUE)), column("d", 5, 1.0, 2.0, 0)))
        .isFalse();
    assertThat(must(startsWith("l", "1"), column("l", 5, 10L, 19L, 0))).isFalse();
  }

  @Test
  void everyTypeWithBoundsIsCompared() {
    assertThat(must(equal("b", literal(false)), column("b", 5, false, false, 0))).isTrue();
    assertThat(must(equal("b", literal(false)), column("b", 5, false, true, 0))).isFalse();
    assertThat(
            must(
                greaterThan("dec", literal(new BigDecimal("1.4999"))),
                column("dec", 5, "1.50", "2.00", 0)))
        .isTrue();
    assertThat(
            must(equal("dec", literal(new BigDecimal("1.5"))), column("dec", 5, "1.50", "1.50", 0)))
        .isTrue();
    assertThat(must(greaterThanOrEqual("dt", dateLiteral(100)), column("dt", 5, 100, 200, 0)))
        .isTrue();
    assertThat(must(greaterThan("dt", dateLiteral(100)), column("dt", 5, 100, 200, 0))).isFalse();
    assertThat(
            must(lessThan("ts", timestampLiteral(2_000_001L)), column("ts", 5, 1L, 2_000_000L, 0)))
        .isTrue();
    assertThat(
            must(
                lessThan("ts_ms", timestampLiteral(2_000_001L)), column("ts_ms", 5, 1L, 2_000L, 0)))
        .isTrue();
    assertThat(
            must(
                lessThan("ts_ms", timestampLiteral(2_000_000L)), column("ts_ms", 5, 1L, 2_000L, 0)))
        .isFalse();
    assertThat(must(lessThan("ts_ns", timestampLiteral(2L)), column("ts_ns", 5, 1L, 1_999L, 0)))
        .isTrue();
    assertThat(must(lessThan("ts_ns", timestampLiteral(2L)), column("ts_ns", 5, 1L, 2_000L, 0)))
        .isFalse();
  }

  @Test
  void aTruncatedStringMinimumNeverProvesEquality() {
    String cut = "x".repeat(64);
    assertThat(must(equal("s", literal(cut)), column("s", 5, cut, cut + "x", 0))).isFalse();
    assertThat(must(equal("s", literal(cut)), column("s", 5, cut, null, 0))).isFalse();
    assertThat(must(greaterThanOrEqual("s", literal(cut)), column("s", 5, cut, null, 0))).isTrue();
    assertThat(must(lessThan("s", literal("y")), column("s", 5, cut, null, 0))).isFalse();
    assertThat(must(notEqual("s", literal("a")), column("s", 5, cut, null, 0))).isTrue();
  }

  @Test
  void startsWithNeedsBothBoundsToStartWithThePrefix() {
    assertThat(must(startsWith("s", "ap"), column("s", 5, "apple", "apricot", 0))).isTrue();
    assertThat(must(startsWith("s", "app"), column("s", 5, "apple", "apricot", 0))).isFalse();
    assertThat(must(startsWith("s", "ap"), column("s", 5, "a", "apricot", 0))).isFalse();
    assertThat(must(startsWith("s", "ap"), column("s", 5, "apple", "b", 0))).isFalse();
    assertThat(must(startsWith("s", "ap"), column("s", 5, "apple", null, 0))).isFalse();
    assertThat(must(startsWith("s", ""), column("s", 5, "", "zz", 0))).isTrue();
    assertThat(
            must(
                startsWith("s", "x".repeat(65)), column("s", 5, "x".repeat(64), "x".repeat(64), 0)))
        .isFalse();
    assertThat(must(not(startsWith("s", "b")), column("s", 5, "apple", "apricot", 0))).isFalse();
  }

  @Test
  void notIsPushedIntoTheConditionOrProvesNothing() {
    assertThat(must(not(lessThan("l", literal(10L))), tenToTwenty)).isTrue();
    assertThat(must(not(lessThan("l", literal(11L))), tenToTwenty)).isFalse();
    assertThat(must(not(equal("l", literal(5L))), tenToTwenty)).isTrue();
    assertThat(must(not(equal("l", literal(5L))), column("l", 5, 10L, 20L, 1))).isFalse();
    assertThat(must(not(isNotNull("l")), column("l", 5, null, null, 5))).isTrue();
    assertThat(must(not(nullSafeEqual("l", literal(5L))), column("l", 5, 10L, 20L, 1))).isFalse();
    assertThat(must(not(nullSafeEqual("l", literal(5L))), column("l", 5, null, null, 5))).isTrue();
    assertThat(must(not(not(greaterThan("l", literal(9L)))), tenToTwenty)).isTrue();
    assertThat(
            must(not(or(lessThan("l", literal(10L)), greaterThan("l", literal(20L)))), tenToTwenty))
        .isTrue();
    assertThat(
            must(
                not(and(lessThan("l", literal(10L)), greaterThan("l", literal(15L)))), tenToTwenty))
        .isTrue();
    assertThat(
            must(
                not(and(lessThan("l", literal(15L)), greaterThan("l", literal(12L)))), tenToTwenty))
        .isFalse();
    assertThat(must(new Not(new AlwaysFalse()), tenToTwenty)).isTrue();
  }

  @Test
  void andOrAndConstants() {
    Expression all = greaterThan("l", literal(5L));
    Expression some = greaterThan("l", literal(15L));
    assertThat(must(new And(all, some), tenToTwenty)).isFalse();
    assertThat(must(new And(all, all), tenToTwenty)).isTrue();
    assertThat(must(new Or(some, all), tenToTwenty)).isTrue();
    assertThat(must(new Or(some, some), tenToTwenty)).isFalse();
    assertThat(must(alwaysFalse(), tenToTwenty)).isFalse();
  }

  @Test
  void statisticsOfAFragmentWrittenBeforeAWideningAreInTheOldType() {
    TableSchema widenedToLong = TableSchema.of(List.of(Field.nullable("x", Fragments.LONG)));
    TableSchema widenedToDouble = TableSchema.of(List.of(Field.nullable("x", Fragments.DOUBLE)));
    TableSchema widenedDecimal =
        TableSchema.of(List.of(Field.nullable("x", new ArrowType.Decimal(12, 3, 128))));
    Map<String, ColumnStats> intStats = Map.of("x", new ColumnStats(10, 10, 0));
    assertThat(
            must(
                widenedToLong,
                equal("x", literal(10L)),
                Fragments.withStats(widenedToLong, 5, intStats)))
        .isTrue();
    assertThat(
            must(
                widenedToDouble,
                equal("x", literal(10.0)),
                Fragments.withStats(widenedToDouble, 5, intStats)))
        .isTrue();
    assertThat(
            must(
                widenedToDouble,
                lessThan("x", literal(10.000001)),
                Fragments.withStats(widenedToDouble, 5, intStats)))
        .isTrue();
    assertThat(
            must(
                widenedToDouble,
                lessThan("x", literal(10.0)),
                Fragments.withStats(widenedToDouble, 5, intStats)))
        .isFalse();
    Map<String, ColumnStats> floatStats =
        Map.of("x", new ColumnStats((double) 0.1f, (double) 0.1f, 0));
    assertThat(
            must(
                widenedToDouble,
                equal("x", literal(0.1)),
                Fragments.withStats(widenedToDouble, 5, floatStats)))
        .isFalse();
    assertThat(
            must(
                widenedToDouble,
                equal("x", literal((double) 0.1f)),
                Fragments.withStats(widenedToDouble, 5, floatStats)))
        .isTrue();
    Map<String, ColumnStats> decimalStats = Map.of("x", new ColumnStats("2.25", "2.25", 0));
    assertThat(
            must(
                widenedDecimal,
                equal("x", literal(new BigDecimal("2.250"))),
                Fragments.withStats(widenedDecimal, 5, decimalStats)))
        .isTrue();
  }

  @Test
  void aColumnAddedAfterTheFragmentMatchesOnlyWhatItsDefaultProves() {
    TableSchema seven = Fragments.withAddedColumn(Fragments.INT, 7L);
    Fragment old = Fragments.writtenBefore(seven, 5, "l");
    assertThat(must(seven, equal("added", literal(7)), old)).isTrue();
    assertThat(must(seven, isNotNull("added"), old)).isTrue();
    assertThat(must(seven, equal("added", literal(8)), old)).isFalse();
    assertThat(must(seven, in("added", literal(1), literal(7)), old)).isTrue();
    assertThat(must(seven, not(equal("added", literal(7))), old)).isFalse();

    TableSchema noDefault = Fragments.withAddedColumn(Fragments.INT, null);
    Fragment older = Fragments.writtenBefore(noDefault, 5, "l");
    assertThat(must(noDefault, isNull("added"), older)).isTrue();
    assertThat(must(noDefault, notEqual("added", literal(1)), older)).isFalse();
    assertThat(must(noDefault, not(equal("added", literal(1))), older)).isFalse();

    TableSchema nan = Fragments.withAddedColumn(Fragments.DOUBLE, Double.NaN);
    Fragment beforeNaN = Fragments.writtenBefore(nan, 5, "l");
    for (Operator op : Operator.values()) {
      assertThat(must(nan, compare(op, "added", literal(1.0)), beforeNaN))
          .as(op.symbol())
          .isFalse();
    }
    assertThat(must(nan, isNotNull("added"), beforeNaN)).isTrue();

    String longText = "y".repeat(100);
    TableSchema text = Fragments.withAddedColumn(Fragments.STRING, longText);
    Fragment beforeText = Fragments.writtenBefore(text, 5, "l");
    assertThat(must(text, equal("added", literal(longText)), beforeText)).isTrue();
    assertThat(must(text, startsWith("added", "y".repeat(80)), beforeText)).isTrue();

    Fragment statsButNoFile =
        new Fragment(
            1,
            5,
            old.files(),
            null,
            Map.of(seven.column("added").orElseThrow().id(), new ColumnStats(8L, 8L, 0)));
    assertThat(must(seven, equal("added", literal(8)), statsButNoFile)).isFalse();
  }

  @Test
  void deletedRowsAreAmongTheRowsTheStatisticsCover() {
    Fragment withDeletes =
        new Fragment(
            1,
            5,
            tenToTwenty.files(),
            new DeletionFile("_deletions/d.bin", 2, 10),
            tenToTwenty.stats());
    assertThat(must(greaterThanOrEqual("l", literal(10L)), withDeletes)).isTrue();
    assertThat(must(greaterThanOrEqual("l", literal(11L)), withDeletes)).isFalse();
  }
}
