package io.github.lancelot.format.expressions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import io.github.lancelot.format.internal.io.ColumnStatsCollector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluators against brute force on random small fragments: statistics are collected from the
 * generated values with the writer's {@link ColumnStatsCollector} and go through JSON as in the
 * log; then for random conditions, "must match" implies that every row matches and "may not match"
 * that no row does.
 */
class TestEvaluatorsAgainstRows {
  static final int FRAGMENTS = 3000;
  static final int CONDITIONS_PER_FRAGMENT = 30;
  static final ObjectMapper JSON = new ObjectMapper();
  static BufferAllocator allocator;

  /**
   * Current columns; w and wd were written as INT, f as FLOAT; a was added after every fragment was
   * written.
   */
  static final List<String> WRITTEN = List.of("l", "w", "wd", "d", "f", "s");

  final Random random = new Random(20261203L);

  @BeforeAll
  static void open() {
    allocator = new RootAllocator();
  }

  @AfterAll
  static void close() {
    allocator.close();
  }

  @Test
  void mustMatchImpliesEveryRowMatchesAndMayNotMatchImpliesNoRowDoes() throws Exception {
    int provenAll = 0;
    int provenNone = 0;
    for (int n = 0; n < FRAGMENTS; n++) {
      Long addedDefault = random.nextInt(3) == 0 ? null : (long) (random.nextInt(7) - 3);
      TableSchema schema = schema(addedDefault);
      List<Map<String, Object>> rows = rows(random.nextInt(7), addedDefault);
      Fragment fragment = fragment(schema, rows);
      for (int c = 0; c < CONDITIONS_PER_FRAGMENT; c++) {
        Expression condition = condition(3);
        boolean must = new MustMatchEvaluator(schema, condition).mustMatch(fragment);
        boolean may = new MayMatchEvaluator(schema, condition).mayMatch(fragment);
        long matching =
            rows.stream().filter(r -> Boolean.TRUE.equals(RowEvaluator.eval(condition, r))).count();
        if (must) {
          provenAll++;
          assertThat(matching)
              .as("%s must match all of %s (stats %s)", condition, rows, fragment.stats())
              .isEqualTo(rows.size());
        }
        if (!may) {
          provenNone++;
          assertThat(matching)
              .as("%s may match none of %s (stats %s)", condition, rows, fragment.stats())
              .isZero();
        }
      }
    }
    assertThat(provenAll).as("conditions proven to match every row").isGreaterThan(FRAGMENTS);
    assertThat(provenNone).as("conditions proven to match no row").isGreaterThan(FRAGMENTS);
  }

  static TableSchema schema(Long addedDefault) {
    Field added = Field.nullable("a", Fragments.LONG);
    if (addedDefault != null) {
      added = ColumnDefaults.withDefault(added, addedDefault);
    }
    return TableSchema.of(
        List.of(
            Field.nullable("l", Fragments.LONG),
            Field.nullable("w", Fragments.LONG),
            Field.nullable("wd", Fragments.DOUBLE),
            Field.nullable("d", Fragments.DOUBLE),
            Field.nullable("f", Fragments.DOUBLE),
            Field.nullable("s", Fragments.STRING),
            added));
  }

  List<Map<String, Object>> rows(int count, Long addedDefault) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("l", nullOr(() -> (long) (random.nextInt(7) - 3)));
      row.put("w", nullOr(() -> (long) (random.nextInt(7) - 3)));
      row.put("wd", nullOr(() -> (double) (random.nextInt(7) - 3)));
      row.put("d", nullOr(this::someDouble));
      row.put("f", nullOr(() -> (double) (float) someDouble()));
      row.put("s", nullOr(this::someString));
      row.put("a", addedDefault);
      rows.add(row);
    }
    return rows;
  }

  Object nullOr(java.util.function.Supplier<Object> value) {
    return random.nextInt(4) == 0 ? null : value.get();
  }

  double someDouble() {
    return switch (random.nextInt(12)) {
      case 0 -> Double.NaN;
      case 1 -> -0.0;
      case 2 -> Double.POSITIVE_INFINITY;
      case 3 -> Double.NEGATIVE_INFINITY;
      case 4 -> 0.1;
      default -> random.nextInt(7) - 3;
    };
  }

  String someString() {
    String[] heads = {"", "a", "ab", "b", "\uFFFF", new String(Character.toChars(0x1F600))};
    String s = heads[random.nextInt(heads.length)];
    if (random.nextInt(4) == 0) {
      s = s + "x".repeat(60 + random.nextInt(8));
    }
    if (random.nextBoolean()) {
      s = s + heads[random.nextInt(heads.length)];
    }
    return s;
  }

  /** Stats as the writer collects them from the written types, and as the log gives them back. */
  static Fragment fragment(TableSchema schema, List<Map<String, Object>> rows) throws Exception {
    Map<Integer, ColumnStats> stats = new HashMap<>();
    List<Integer> ids = new ArrayList<>();
    for (String name : WRITTEN) {
      int id = schema.column(name).orElseThrow().id();
      ids.add(id);
      try (FieldVector vector = vector(name, rows)) {
        ColumnStatsCollector collector = new ColumnStatsCollector();
        collector.add(vector);
        String json = JSON.writeValueAsString(collector.result());
        stats.put(id, JSON.readValue(json, ColumnStats.class));
      }
    }
    return new Fragment(
        1, rows.size(), List.of(new DataFile("data/f.arrow", ids, 100)), null, stats);
  }

  static FieldVector vector(String name, List<Map<String, Object>> rows) {
    int n = rows.size();
    switch (name) {
      case "l":
        {
          BigIntVector v = new BigIntVector(name, allocator);
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            if (rows.get(i).get(name) instanceof Long x) {
              v.set(i, x);
            }
          }
          v.setValueCount(n);
          return v;
        }
      case "w":
      case "wd":
        {
          IntVector v = new IntVector(name, allocator);
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            Object x = rows.get(i).get(name);
            if (x != null) {
              v.set(i, ((Number) x).intValue());
            }
          }
          v.setValueCount(n);
          return v;
        }
      case "d":
        {
          Float8Vector v = new Float8Vector(name, allocator);
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            if (rows.get(i).get(name) instanceof Double x) {
              v.set(i, x);
            }
          }
          v.setValueCount(n);
          return v;
        }
      case "f":
        {
          Float4Vector v = new Float4Vector(name, allocator);
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            if (rows.get(i).get(name) instanceof Double x) {
              v.set(i, (float) (double) x);
            }
          }
          v.setValueCount(n);
          return v;
        }
      default:
        {
          VarCharVector v = new VarCharVector(name, allocator);
          v.allocateNew(n);
          for (int i = 0; i < n; i++) {
            if (rows.get(i).get(name) instanceof String x) {
              v.setSafe(i, x.getBytes(StandardCharsets.UTF_8));
            }
          }
          v.setValueCount(n);
          return v;
        }
    }
  }

  Expression condition(int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 7);
    String column = List.of("l", "w", "wd", "d", "f", "s", "a").get(random.nextInt(7));
    return switch (kind) {
      case 0, 1, 2 ->
          Expressions.compare(
              Comparison.Operator.values()[random.nextInt(Comparison.Operator.values().length)],
              column,
              literal(column));
      case 3 -> Expressions.in(column, literals(column));
      case 4 -> random.nextBoolean() ? Expressions.isNull(column) : Expressions.isNotNull(column);
      case 5 ->
          Expressions.startsWith(
              "s", random.nextBoolean() ? someString() : "x".repeat(random.nextInt(3)));
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
    if (random.nextInt(10) == 0) {
      return Expressions.nullLiteral(column.equals("s") ? Literal.Type.STRING : Literal.Type.LONG);
    }
    return switch (column) {
      case "l", "w", "a" ->
          random.nextBoolean()
              ? Expressions.literal((long) (random.nextInt(9) - 4))
              : Expressions.literal(random.nextInt(9) - 4);
      case "s" -> Expressions.literal(someString());
      default ->
          random.nextInt(3) == 0
              ? Expressions.literal((float) someDouble())
              : Expressions.literal(someDouble());
    };
  }
}
