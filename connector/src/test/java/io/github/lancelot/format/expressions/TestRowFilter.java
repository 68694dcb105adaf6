package io.github.lancelot.format.expressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.TableSchema;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A row filter keeps exactly the rows where a condition is TRUE, by brute force ({@link
 * RowEvaluator}), for random conditions on random rows of every type it compares, and refuses the
 * conditions it cannot decide as Spark would.
 */
class TestRowFilter {
  static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              Field.nullable("l", Fragments.LONG),
              Field.nullable("i", Fragments.INT),
              Field.nullable("sh", new ArrowType.Int(16, true)),
              Field.nullable("d", Fragments.DOUBLE),
              Field.nullable("f", Fragments.FLOAT),
              Field.nullable("s", Fragments.STRING),
              Field.nullable("b", new ArrowType.Bool()),
              Field.nullable("dec", new ArrowType.Decimal(10, 2, 128)),
              Field.nullable("dt", new ArrowType.Date(DateUnit.DAY)),
              Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"))));
  static final List<String> COLUMNS =
      SCHEMA.columns().stream().map(TableSchema.Column::name).toList();

  final BufferAllocator allocator = new RootAllocator();
  final Random random = new Random(20261207L);

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void theRowsKeptAreExactlyThoseWhereTheConditionIsTrue() {
    int evaluated = 0;
    for (int batch = 0; batch < 300; batch++) {
      int n = random.nextInt(12);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        rows.add(row());
      }
      List<FieldVector> vectors = new ArrayList<>();
      for (String c : COLUMNS) {
        vectors.add(vector(c, rows));
      }
      try {
        for (int c = 0; c < 40; c++) {
          Expression condition = condition(3);
          if (!RowFilter.canEvaluate(condition, SCHEMA)) {
            continue;
          }
          evaluated++;
          int[] candidates = random.nextBoolean() ? null : someOf(n);
          List<Integer> expected = new ArrayList<>();
          for (int r = 0; r < n; r++) {
            if ((candidates == null || contains(candidates, r))
                && Boolean.TRUE.equals(RowEvaluator.eval(condition, rows.get(r)))) {
              expected.add(r);
            }
          }
          int[] kept = RowFilter.of(condition, SCHEMA).select(vectors, n, candidates);
          assertThat(kept)
              .as("%s on %s", condition, rows)
              .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        }
      } finally {
        vectors.forEach(FieldVector::close);
      }
    }
    assertThat(evaluated).isGreaterThan(3000);
  }

  @Test
  void conditionsItCannotDecideAsSparkWouldAreRefused() {
    assertThat(RowFilter.canEvaluate(Expressions.in("d", Expressions.literal(0.0)), SCHEMA))
        .as("IN on floating point, whose -0.0 engines treat differently")
        .isFalse();
    assertThat(RowFilter.canEvaluate(Expressions.equal("l", Expressions.literal("1")), SCHEMA))
        .isFalse();
    assertThat(RowFilter.canEvaluate(Expressions.equal("d", Expressions.literal(1L)), SCHEMA))
        .isFalse();
    assertThat(RowFilter.canEvaluate(Expressions.startsWith("l", "1"), SCHEMA)).isFalse();
    assertThat(RowFilter.canEvaluate(Expressions.isNull("nope"), SCHEMA)).isFalse();
    assertThat(
            RowFilter.canEvaluate(
                Expressions.and(
                    Expressions.isNull("s"), Expressions.equal("ts", Expressions.literal(1L))),
                SCHEMA))
        .isFalse();
    assertThat(RowFilter.canEvaluate(Expressions.equal("f", Expressions.literal(1.0)), SCHEMA))
        .isTrue();
    assertThatThrownBy(() -> RowFilter.of(Expressions.in("f", Expressions.literal(1f)), SCHEMA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f IN (1.0)");
  }

  @Test
  void theColumnsOfAConditionAreListedInTheOrderItNamesThem() {
    Expression condition =
        Expressions.or(
            Expressions.and(Expressions.isNull("s"), Expressions.startsWith("s", "a")),
            Expressions.not(Expressions.in("l", Expressions.literal(1L))));
    assertThat(RowFilter.columnsOf(condition)).containsExactly("s", "l");
    assertThat(RowFilter.columnsOf(Expressions.alwaysTrue())).isEmpty();
  }

  static boolean contains(int[] values, int v) {
    for (int x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  int[] someOf(int n) {
    List<Integer> some = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (random.nextBoolean()) {
        some.add(r);
      }
    }
    return some.stream().mapToInt(Integer::intValue).toArray();
  }

  Map<String, Object> row() {
    Map<String, Object> row = new HashMap<>();
    row.put("l", nullOr(() -> (long) (random.nextInt(7) - 3)));
    row.put("i", nullOr(() -> (long) (random.nextInt(7) - 3)));
    row.put("sh", nullOr(() -> (long) (random.nextInt(7) - 3)));
    row.put("d", nullOr(this::someDouble));
    row.put("f", nullOr(() -> (double) (float) someDouble()));
    row.put("s", nullOr(this::someString));
    row.put("b", nullOr(random::nextBoolean));
    row.put("dec", nullOr(this::someDecimal));
    row.put("dt", nullOr(() -> random.nextInt(5) - 2));
    row.put("ts", nullOr(() -> (long) (random.nextInt(5) - 2) * 1_000_000L));
    return row;
  }

  Object nullOr(Supplier<Object> value) {
    return random.nextInt(4) == 0 ? null : value.get();
  }

  double someDouble() {
    return switch (random.nextInt(10)) {
      case 0 -> Double.NaN;
      case 1 -> -0.0;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> 0.1;
      default -> random.nextInt(7) - 3;
    };
  }

  String someString() {
    String[] parts = {"", "a", "ab", "b", "é", "\uFFFF", new String(Character.toChars(0x1F600))};
    return parts[random.nextInt(parts.length)] + parts[random.nextInt(parts.length)];
  }

  BigDecimal someDecimal() {
    return BigDecimal.valueOf(random.nextInt(9) - 4, 1).setScale(2);
  }

  FieldVector vector(String name, List<Map<String, Object>> rows) {
    int n = rows.size();
    FieldVector v = SCHEMA.column(name).orElseThrow().field().createVector(allocator);
    v.allocateNew();
    for (int r = 0; r < n; r++) {
      Object x = rows.get(r).get(name);
      if (x == null) {
        continue;
      }
      if (v instanceof BigIntVector t) {
        t.setSafe(r, (Long) x);
      } else if (v instanceof IntVector t) {
        t.setSafe(r, ((Long) x).intValue());
      } else if (v instanceof SmallIntVector t) {
        t.setSafe(r, ((Long) x).shortValue());
      } else if (v instanceof Float8Vector t) {
        t.setSafe(r, (Double) x);
      } else if (v instanceof Float4Vector t) {
        t.setSafe(r, (float) (double) (Double) x);
      } else if (v instanceof VarCharVector t) {
        t.setSafe(r, ((String) x).getBytes(StandardCharsets.UTF_8));
      } else if (v instanceof BitVector t) {
        t.setSafe(r, (Boolean) x ? 1 : 0);
      } else if (v instanceof DecimalVector t) {
        t.setSafe(r, (BigDecimal) x);
      } else if (v instanceof DateDayVector t) {
        t.setSafe(r, (Integer) x);
      } else {
        ((TimeStampMicroTZVector) v).setSafe(r, (Long) x);
      }
    }
    v.setValueCount(n);
    return v;
  }

  Expression condition(int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 7);
    String column = COLUMNS.get(random.nextInt(COLUMNS.size()));
    return switch (kind) {
      case 0, 1, 2 ->
          Expressions.compare(
              Comparison.Operator.values()[random.nextInt(Comparison.Operator.values().length)],
              column,
              literal(column));
      case 3 -> Expressions.in(column, literals(column));
      case 4 -> random.nextBoolean() ? Expressions.isNull(column) : Expressions.isNotNull(column);
      case 5 -> Expressions.startsWith("s", random.nextBoolean() ? someString() : "");
      case 6 -> random.nextInt(3) == 0 ? new AlwaysFalse() : new AlwaysTrue();
      case 7 -> new And(condition(depth - 1), condition(depth - 1));
      case 8 -> new Or(condition(depth - 1), condition(depth - 1));
      default -> new Not(condition(depth - 1));
    };
  }

  List<Literal> literals(String column) {
    List<Literal> values = new ArrayList<>();
    for (int i = random.nextInt(4); i >= 0; i--) {
      values.add(literal(column));
    }
    return values;
  }

  Literal literal(String column) {
    Literal value =
        switch (column) {
          case "l", "i", "sh" ->
              switch (random.nextInt(3)) {
                case 0 -> Expressions.literal((long) (random.nextInt(9) - 4));
                case 1 -> Expressions.literal(random.nextInt(9) - 4);
                default -> Expressions.literal((short) (random.nextInt(9) - 4));
              };
          case "d", "f" ->
              random.nextBoolean()
                  ? Expressions.literal((float) someDouble())
                  : Expressions.literal(someDouble());
          case "s" -> Expressions.literal(someString());
          case "b" -> Expressions.literal(random.nextBoolean());
          case "dec" -> Expressions.literal(someDecimal().stripTrailingZeros());
          case "dt" -> Expressions.dateLiteral(random.nextInt(5) - 2);
          default -> Expressions.timestampLiteral((random.nextInt(5) - 2) * 1_000_000L);
        };
    return random.nextInt(10) == 0 ? Expressions.nullLiteral(value.type()) : value;
  }
}
