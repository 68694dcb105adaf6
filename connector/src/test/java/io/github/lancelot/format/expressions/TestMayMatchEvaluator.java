package io.github.lancelot.format.expressions;

import static io.github.lancelot.format.expressions.Expressions.*;
import static io.github.lancelot.format.expressions.Fragments.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.expressions.Comparison.Operator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** When a fragment's statistics prove that no row matches, so that a scan can skip it. */
class TestMayMatchEvaluator {
  static boolean may(Expression e, Fragment f) {
    return may(Fragments.SCHEMA, e, f);
  }

  static boolean may(TableSchema schema, Expression e, Fragment f) {
    return new MayMatchEvaluator(schema, e).mayMatch(f);
  }

  /** l holds values in [10, 20] in five rows, none NULL. */
  final Fragment tenToTwenty = column("l", 5, 10L, 20L, 0);

  @Test
  void comparisonsAtAndAroundTheBoundaries() {
    long[] literals = {9, 10, 11, 19, 20, 21};
    Map<Operator, boolean[]> expected =
        Map.of(
            Operator.EQUAL, new boolean[] {false, true, true, true, true, false},
            Operator.NULL_SAFE_EQUAL, new boolean[] {false, true, true, true, true, false},
            Operator.NOT_EQUAL, new boolean[] {true, true, true, true, true, true},
            Operator.LESS_THAN, new boolean[] {false, false, true, true, true, true},
            Operator.LESS_THAN_OR_EQUAL, new boolean[] {false, true, true, true, true, true},
            Operator.GREATER_THAN, new boolean[] {true, true, true, true, false, false},
            Operator.GREATER_THAN_OR_EQUAL, new boolean[] {true, true, true, true, true, false});
    expected.forEach(
        (op, results) -> {
          for (int i = 0; i < literals.length; i++) {
            assertThat(may(compare(op, "l", literal(literals[i])), tenToTwenty))
                .as("l %s %d on [10, 20]", op.symbol(), literals[i])
                .isEqualTo(results[i]);
          }
        });
  }

  @Test
  void oneEvaluatorKeepsExactlyTheFragmentsOfAWideTableWhoseRangesMeetTheCondition() {
    // 10,000 fragments of ten consecutive values each, the way many small appends leave a table.
    List<Fragment> fragments = new java.util.ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      fragments.add(column("l", 10, i * 10, i * 10 + 9, 0));
    }
    MayMatchEvaluator evaluator =
        new MayMatchEvaluator(
            Fragments.SCHEMA,
            and(greaterThanOrEqual("l", literal(50_005L)), lessThanOrEqual("l", literal(50_025L))));

    List<Fragment> kept = fragments.stream().filter(evaluator::mayMatch).toList();

    assertThat(kept)
        .containsExactly(fragments.get(5_000), fragments.get(5_001), fragments.get(5_002));
  }

  @Test
  void notEqualIsRuledOutOnlyWhenEveryValueIsTheLiteral() {
    Fragment allTen = column("l", 5, 10L, 10L, 0);
    assertThat(may(notEqual("l", literal(10L)), allTen)).isFalse();
    assertThat(may(notEqual("l", literal(11L)), allTen)).isTrue();
    assertThat(may(notEqual("l", literal(10L)), column("l", 5, 10L, 10L, 2))).isFalse();
    assertThat(may(notEqual("l", literal(10L)), column("l", 5, 10L, null, 0))).isTrue();
  }

  @Test
  void nullCountsDecideNullTests() {
    Fragment none = column("l", 5, 10L, 20L, 0);
    Fragment some = column("l", 5, 10L, 20L, 2);
    Fragment all = column("l", 5, null, null, 5);
    assertThat(List.of(none, some, all))
        .extracting(f -> may(isNull("l"), f))
        .containsExactly(false, true, true);
    assertThat(List.of(none, some, all))
        .extracting(f -> may(isNotNull("l"), f))
        .containsExactly(true, true, false);
    assertThat(may(nullSafeEqual("l", nullLiteral(Literal.Type.LONG)), none)).isFalse();
    assertThat(may(nullSafeEqual("l", nullLiteral(Literal.Type.LONG)), some)).isTrue();
  }

  @Test
  void anAllNullColumnMatchesNoComparison() {
    Fragment all = column("l", 5, null, null, 5);
    for (Operator op : Operator.values()) {
      assertThat(may(compare(op, "l", literal(1L)), all)).as(op.symbol()).isFalse();
    }
    assertThat(may(in("l", literal(1L)), all)).isFalse();
    assertThat(may(startsWith("s", "a"), column("s", 5, null, null, 5))).isFalse();
  }

  @Test
  void aComparisonWithNullMatchesNoRowExceptNullSafeEquality() {
    Literal nul = nullLiteral(Literal.Type.LONG);
    Fragment some = column("l", 5, 10L, 20L, 2);
    for (Operator op : Operator.values()) {
      assertThat(may(compare(op, "l", nul), some))
          .as(op.symbol())
          .isEqualTo(op == Operator.NULL_SAFE_EQUAL);
    }
    assertThat(may(in("l", nul), some)).isFalse();
    assertThat(may(in("l", nul, literal(15L)), some)).isTrue();
    assertThat(may(in("l", nul, literal(25L)), some)).isFalse();
    assertThat(may(not(in("l", nul, literal(25L))), some)).isFalse();
    assertThat(may(in("l", List.of()), some)).isFalse();
  }

  @Test
  void inMatchesWhenAnyValueMay() {
    assertThat(may(in("l", literal(1L), literal(9L), literal(21L)), tenToTwenty)).isFalse();
    assertThat(may(in("l", literal(1L), literal(20L)), tenToTwenty)).isTrue();
    assertThat(may(in("l", literal(10L)), tenToTwenty)).isTrue();
  }

  @Test
  void floatingPointStatisticsAbsentBecauseOfANaNDecideNothing() {
    Fragment withNaN = column("d", 5, null, null, 0);
    for (Operator op : Operator.values()) {
      assertThat(may(compare(op, "d", literal(1.0)), withNaN)).as(op.symbol()).isTrue();
    }
    assertThat(may(isNull("d"), withNaN)).isFalse();
  }

  @Test
  void aNaNLiteralIsNeverDecidedFromStatistics() {
    Fragment oneToTwo = column("d", 5, 1.0, 2.0, 0);
    for (Operator op : Operator.values()) {
      assertThat(may(compare(op, "d", literal(Double.NaN)), oneToTwo)).as(op.symbol()).isTrue();
      assertThat(may(compare(op, "f", literal(Float.NaN)), column("f", 5, 1.0, 2.0, 0)))
          .as(op.symbol())
          .isTrue();
    }
    assertThat(may(in("d", literal(Double.NaN)), oneToTwo)).isTrue();
    assertThat(may(equal("d", literal(3.0)), oneToTwo)).isFalse();
    assertThat(may(equal("d", literal(-0.0)), column("d", 5, 0.0, 1.0, 0))).isTrue();
  }

  @Test
  void infiniteBoundsAreReadFromTheirJsonStrings() {
    Fragment toInfinity = column("d", 5, 1.0, "Infinity", 0);
    assertThat(may(greaterThan("d", literal(1e300)), toInfinity)).isTrue();
    assertThat(may(lessThan("d", literal(1.0)), toInfinity)).isFalse();
    Fragment fromMinusInfinity = column("d", 5, "-Infinity", 0.0, 0);
    assertThat(may(lessThan("d", literal(-1e300)), fromMinusInfinity)).isTrue();
    assertThat(may(greaterThan("d", literal(0.0)), fromMinusInfinity)).isFalse();
  }

  @Test
  void missingStatisticsKeepTheFragment() {
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
            not(equal("l", literal(1L))));
    for (Expression e : all) {
      assertThat(may(e, none)).as(e.toString()).isTrue();
    }
  }

  @Test
  void boundsThatAreOnlyPartlyKnownStillRuleOut() {
    Fragment onlyMin = column("l", 5, 10L, null, 0);
    assertThat(may(lessThan("l", literal(10L)), onlyMin)).isFalse();
    assertThat(may(greaterThan("l", literal(100L)), onlyMin)).isTrue();
    Fragment onlyMax = column("l", 5, null, 20L, 0);
    assertThat(may(greaterThan("l", literal(20L)), onlyMax)).isFalse();
    assertThat(may(lessThan("l", literal(-100L)), onlyMax)).isTrue();
  }

  @Test
  void unknownColumnsAndLiteralsOfAnotherTypeKeepTheFragment() {
    assertThat(may(equal("nope", literal(1L)), tenToTwenty)).isTrue();
    assertThat(may(equal("l", literal("1")), tenToTwenty)).isTrue();
    assertThat(may(equal("l", literal(1.5)), tenToTwenty)).isTrue();
    assertThat(may(equal("s", literal(1L)), column("s", 5, "a", "b", 0))).isTrue();
    assertThat(may(equal("d", literal(Long.MAX_VALUE)), column("d", 5, 1.0, 2.0, 0))).isTrue();
    assertThat(may(startsWith("l", "1"), tenToTwenty)).isTrue();
  }

  @Test
  void integerLiteralsOfAnyWidthCompareWithIntegerAndDecimalColumns() {
    assertThat(may(equal("l", literal(5)), tenToTwenty)).isFalse();
    assertThat(may(equal("l", literal((short) 15)), tenToTwenty)).isTrue();
    assertThat(may(equal("i", literal((byte) 5)), column("i", 5, 10, 20, 0))).isFalse();
    assertThat(may(equal("dec", literal(2)), column("dec", 5, "1.50", "2.00", 0))).isTrue();
    assertThat(may(equal("d", literal(2)), column("d", 5, 1.5, 1.75, 0))).isFalse();
  }

  @Test
  void everyTypeWithBoundsIsCompared() {
    assertThat(may(equal("b", literal(true)), column("b", 5, false, false, 0))).isFalse();
    assertThat(may(equal("b", literal(false)), column("b", 5, false, true, 0))).isTrue();
    assertThat(
            may(
                greaterThan("dec", literal(new BigDecimal("2.0"))),
                column("dec", 5, "1.50", "2.00", 0)))
        .isFalse();
    assertThat(
            may(
                greaterThan("dec", literal(new BigDecimal("1.999"))),
                column("dec", 5, "1.50", "2.00", 0)))
        .isTrue();
    assertThat(may(lessThan("dt", dateLiteral(100)), column("dt", 5, 100, 200, 0))).isFalse();
    assertThat(may(lessThanOrEqual("dt", dateLiteral(100)), column("dt", 5, 100, 200, 0))).isTrue();
    assertThat(
            may(
                greaterThan("ts", timestampLiteral(2_000_000L)),
                column("ts", 5, 1_000_000L, 2_000_000L, 0)))
        .isFalse();
    assertThat(may(equal("f", literal(1.5f)), column("f", 5, 1.25, 1.75, 0))).isTrue();
    assertThat(may(equal("f", literal(2.5f)), column("f", 5, 1.25, 1.75, 0))).isFalse();
  }

  @Test
  void timestampsInOtherUnitsCompareInMicroseconds() {
    Fragment millis = column("ts_ms", 5, 1_000L, 2_000L, 0);
    assertThat(may(greaterThan("ts_ms", timestampLiteral(2_000_000L)), millis)).isFalse();
    assertThat(may(greaterThan("ts_ms", timestampLiteral(1_999_999L)), millis)).isTrue();
    assertThat(may(lessThan("ts_ms", timestampLiteral(1_000_000L)), millis)).isFalse();
    Fragment nanos = column("ts_ns", 5, 1_000_500L, 2_000_500L, 0);
    assertThat(may(equal("ts_ns", timestampLiteral(1_000L)), nanos)).isFalse();
    assertThat(may(equal("ts_ns", timestampLiteral(1_001L)), nanos)).isTrue();
    assertThat(may(equal("ts_ns", timestampLiteral(2_001L)), nanos)).isFalse();
  }

  @Test
  void stringsCompareByCodePointAndATruncatedMinimumStaysALowerBound() {
    String bmpMax = "\uFFFF";
    String emoji = new String(Character.toChars(0x1F600));
    assertThat(may(greaterThan("s", literal(bmpMax)), column("s", 5, "a", emoji, 0))).isTrue();
    assertThat(may(lessThan("s", literal(emoji)), column("s", 5, bmpMax, bmpMax, 0))).isTrue();
    assertThat(may(greaterThan("s", literal(emoji)), column("s", 5, "a", bmpMax, 0))).isFalse();
    String cut = "x".repeat(64);
    Fragment longValues = column("s", 5, cut, null, 0);
    assertThat(may(equal("s", literal(cut + "y")), longValues)).isTrue();
    assertThat(may(equal("s", literal(cut)), longValues)).isTrue();
    assertThat(may(lessThan("s", literal(cut)), longValues)).isFalse();
    assertThat(may(greaterThan("s", literal("zzz")), longValues)).isTrue();
  }

  @Test
  void startsWithUsesTheBoundsHeads() {
    Fragment apples = column("s", 5, "apple", "apricot", 0);
    assertThat(may(startsWith("s", "ap"), apples)).isTrue();
    assertThat(may(startsWith("s", "apr"), apples)).isTrue();
    assertThat(may(startsWith("s", "apple"), apples)).isTrue();
    assertThat(may(startsWith("s", "b"), apples)).isFalse();
    assertThat(may(startsWith("s", "a"), column("s", 5, "b", "c", 0))).isFalse();
    assertThat(may(startsWith("s", "b"), column("s", 5, "a", "b", 0))).isTrue();
    assertThat(may(startsWith("s", "az"), apples)).isFalse();
    assertThat(may(startsWith("s", ""), apples)).isTrue();
    assertThat(may(startsWith("s", "x".repeat(70)), column("s", 5, "x".repeat(64), null, 0)))
        .isTrue();
    assertThat(may(not(startsWith("s", "ap")), column("s", 5, "apple", "apple", 0))).isTrue();
  }

  @Test
  void notIsPushedIntoTheCondition() {
    assertThat(may(not(lessThan("l", literal(21L))), tenToTwenty)).isFalse();
    assertThat(may(not(lessThan("l", literal(20L))), tenToTwenty)).isTrue();
    assertThat(may(not(equal("l", literal(10L))), column("l", 5, 10L, 10L, 0))).isFalse();
    assertThat(may(not(equal("l", literal(10L))), column("l", 5, 10L, 10L, 1))).isFalse();
    assertThat(may(not(nullSafeEqual("l", literal(10L))), column("l", 5, 10L, 10L, 1))).isTrue();
    assertThat(may(not(nullSafeEqual("l", literal(10L))), column("l", 5, 10L, 10L, 0))).isFalse();
    assertThat(may(not(isNull("l")), column("l", 5, null, null, 5))).isFalse();
    assertThat(may(not(in("l", literal(10L), literal(20L))), column("l", 5, 10L, 10L, 0)))
        .isFalse();
    assertThat(may(not(not(greaterThan("l", literal(20L)))), tenToTwenty)).isFalse();
    assertThat(
            may(not(and(lessThan("l", literal(21L)), greaterThan("l", literal(9L)))), tenToTwenty))
        .isFalse();
    assertThat(
            may(not(or(lessThan("l", literal(15L)), greaterThan("l", literal(30L)))), tenToTwenty))
        .isTrue();
    assertThat(may(new Not(new AlwaysTrue()), tenToTwenty)).isFalse();
  }

  @Test
  void andOrAndConstants() {
    Expression none = greaterThan("l", literal(30L));
    Expression some = greaterThan("l", literal(15L));
    assertThat(may(new And(none, some), tenToTwenty)).isFalse();
    assertThat(may(new And(some, some), tenToTwenty)).isTrue();
    assertThat(may(new Or(none, some), tenToTwenty)).isTrue();
    assertThat(may(new Or(none, none), tenToTwenty)).isFalse();
    assertThat(may(alwaysTrue(), tenToTwenty)).isTrue();
    assertThat(may(alwaysFalse(), tenToTwenty)).isFalse();
  }

  @Test
  void statisticsOfAFragmentWrittenBeforeAWideningAreInTheOldType() {
    TableSchema widenedToLong = TableSchema.of(List.of(Field.nullable("x", Fragments.LONG)));
    TableSchema widenedToDouble = TableSchema.of(List.of(Field.nullable("x", Fragments.DOUBLE)));
    TableSchema widenedDecimal =
        TableSchema.of(List.of(Field.nullable("x", new ArrowType.Decimal(12, 3, 128))));
    Map<String, ColumnStats> intStats = Map.of("x", new ColumnStats(10, 20, 0));
    assertThat(
            may(
                widenedToLong,
                equal("x", literal(21L)),
                Fragments.withStats(widenedToLong, 5, intStats)))
        .isFalse();
    assertThat(
            may(
                widenedToLong,
                equal("x", literal(20L)),
                Fragments.withStats(widenedToLong, 5, intStats)))
        .isTrue();
    assertThat(
            may(
                widenedToDouble,
                greaterThan("x", literal(20.0)),
                Fragments.withStats(widenedToDouble, 5, intStats)))
        .isFalse();
    assertThat(
            may(
                widenedToDouble,
                greaterThan("x", literal(19.5)),
                Fragments.withStats(widenedToDouble, 5, intStats)))
        .isTrue();
    Map<String, ColumnStats> floatStats =
        Map.of("x", new ColumnStats((double) 0.1f, (double) 0.2f, 0));
    assertThat(
            may(
                widenedToDouble,
                lessThan("x", literal((double) 0.1f)),
                Fragments.withStats(widenedToDouble, 5, floatStats)))
        .isFalse();
    Map<String, ColumnStats> decimalStats = Map.of("x", new ColumnStats("1.50", "2.25", 0));
    assertThat(
            may(
                widenedDecimal,
                equal("x", literal(new BigDecimal("2.250"))),
                Fragments.withStats(widenedDecimal, 5, decimalStats)))
        .isTrue();
    assertThat(
            may(
                widenedDecimal,
                equal("x", literal(new BigDecimal("2.251"))),
                Fragments.withStats(widenedDecimal, 5, decimalStats)))
        .isFalse();
  }

  @Test
  void aColumnAddedAfterTheFragmentReadsItsDefaultInEveryRow() {
    TableSchema seven = Fragments.withAddedColumn(Fragments.INT, 7L);
    Fragment old = Fragments.writtenBefore(seven, 5, "l");
    assertThat(may(seven, equal("added", literal(7)), old)).isTrue();
    assertThat(may(seven, equal("added", literal(8)), old)).isFalse();
    assertThat(may(seven, greaterThan("added", literal(6)), old)).isTrue();
    assertThat(may(seven, isNull("added"), old)).isFalse();
    assertThat(may(seven, notEqual("added", literal(7)), old)).isFalse();

    TableSchema noDefault = Fragments.withAddedColumn(Fragments.INT, null);
    Fragment older = Fragments.writtenBefore(noDefault, 5, "l");
    assertThat(may(noDefault, isNull("added"), older)).isTrue();
    assertThat(may(noDefault, isNotNull("added"), older)).isFalse();
    assertThat(may(noDefault, equal("added", literal(7)), older)).isFalse();

    TableSchema nan = Fragments.withAddedColumn(Fragments.DOUBLE, Double.NaN);
    Fragment beforeNaN = Fragments.writtenBefore(nan, 5, "l");
    assertThat(may(nan, equal("added", literal(1.0)), beforeNaN)).isTrue();
    assertThat(may(nan, isNull("added"), beforeNaN)).isFalse();

    String longText = "y".repeat(100);
    TableSchema text = Fragments.withAddedColumn(Fragments.STRING, longText);
    Fragment beforeText = Fragments.writtenBefore(text, 5, "l");
    assertThat(may(text, equal("added", literal(longText)), beforeText)).isTrue();
    assertThat(may(text, equal("added", literal("y".repeat(64))), beforeText)).isFalse();
    assertThat(may(text, startsWith("added", "yy"), beforeText)).isTrue();
    assertThat(may(text, startsWith("added", "yz"), beforeText)).isFalse();
  }

  @Test
  void columnsWithoutBoundsAreDecidedByTheirNullCountOnly() {
    Fragment vectors = column("v", 5, null, null, 0);
    assertThat(may(isNull("v"), vectors)).isFalse();
    assertThat(may(isNotNull("v"), vectors)).isTrue();
  }
}
