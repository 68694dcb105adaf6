package io.github.lancelot.format.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.ColumnStats;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
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
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The min, max and null count a fragment records per column, which scans use to skip fragments. */
class TestColumnStatsCollector {
  private final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  private static <V extends FieldVector> ColumnStats collect(
      V first, V second, Object[][] batches, BiConsumer<V, Object[]> fill) {
    ColumnStatsCollector c = new ColumnStatsCollector();
    try (first;
        second) {
      fill.accept(first, batches[0]);
      c.add(first);
      fill.accept(second, batches[1]);
      c.add(second);
    }
    return c.result();
  }

  private static void fillLongs(BigIntVector v, Object[] values) {
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, (Long) values[i]);
      }
    }
    v.setValueCount(values.length);
  }

  private static void fillDoubles(Float8Vector v, Object[] values) {
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.set(i, (Double) values[i]);
      }
    }
    v.setValueCount(values.length);
  }

  private static void fillStrings(VarCharVector v, Object[] values) {
    v.allocateNew();
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        v.setNull(i);
      } else {
        v.setSafe(i, ((String) values[i]).getBytes(StandardCharsets.UTF_8));
      }
    }
    v.setValueCount(values.length);
  }

  @Test
  void integersKeepTheirBoundsAcrossBatchesAndCountNulls() {
    ColumnStats s =
        collect(
            new BigIntVector("a", allocator),
            new BigIntVector("a", allocator),
            new Object[][] {{5L, null, -3L}, {null, 40L, 7L}},
            TestColumnStatsCollector::fillLongs);
    assertThat(s).isEqualTo(new ColumnStats(-3L, 40L, 2));
  }

  @Test
  void aColumnOfOnlyNullsHasNoBounds() {
    ColumnStats s =
        collect(
            new BigIntVector("a", allocator),
            new BigIntVector("a", allocator),
            new Object[][] {{null, null}, {null}},
            TestColumnStatsCollector::fillLongs);
    assertThat(s).isEqualTo(new ColumnStats(null, null, 3));
  }

  @Test
  void doublesHaveBoundsUnlessANanIsSeen() {
    assertThat(
            collect(
                new Float8Vector("d", allocator),
                new Float8Vector("d", allocator),
                new Object[][] {{1.5, -0.0}, {0.0, 2.5, null}},
                TestColumnStatsCollector::fillDoubles))
        .isEqualTo(new ColumnStats(-0.0, 2.5, 1));
    assertThat(
            collect(
                new Float8Vector("d", allocator),
                new Float8Vector("d", allocator),
                new Object[][] {{1.5}, {Double.NaN, null}},
                TestColumnStatsCollector::fillDoubles))
        .isEqualTo(new ColumnStats(null, null, 1));
  }

  @Test
  void stringsCompareByCodePointAsEnginesDo() {
    String emoji = new String(Character.toChars(0x1F600));
    ColumnStats s =
        collect(
            new VarCharVector("s", allocator),
            new VarCharVector("s", allocator),
            new Object[][] {{"b", "z", null}, {"é", emoji, "", "a"}},
            TestColumnStatsCollector::fillStrings);
    assertThat(s).isEqualTo(new ColumnStats("", emoji, 1));
  }

  @Test
  void aLongMinimumIsCutAndALongMaximumIsLeftUnknown() {
    String longest = "y".repeat(80);
    String shortest = "a".repeat(70);
    ColumnStats s =
        collect(
            new VarCharVector("s", allocator),
            new VarCharVector("s", allocator),
            new Object[][] {{shortest}, {longest, "m"}},
            TestColumnStatsCollector::fillStrings);
    assertThat(s)
        .isEqualTo(new ColumnStats("a".repeat(ColumnStatsCollector.MAX_STRING_LENGTH), null, 0));
  }

  @Test
  void booleansDatesTimestampsDecimalsAndFloats() {
    try (BitVector bits = new BitVector("b", allocator);
        DateDayVector dates = new DateDayVector("d", allocator);
        TimeStampMicroTZVector times = new TimeStampMicroTZVector("t", allocator, "UTC");
        DecimalVector decimals = new DecimalVector("m", allocator, 10, 2);
        Float4Vector floats = new Float4Vector("f", allocator);
        IntVector ints = new IntVector("i", allocator)) {
      bits.allocateNew(2);
      bits.set(0, 1);
      bits.set(1, 1);
      bits.setValueCount(2);
      dates.allocateNew(2);
      dates.set(0, 20_000);
      dates.set(1, 19_000);
      dates.setValueCount(2);
      times.allocateNew(2);
      times.set(0, 1_000_000L);
      times.set(1, 3_000_000L);
      times.setValueCount(2);
      decimals.allocateNew(2);
      decimals.set(0, new BigDecimal("10.50"));
      decimals.set(1, new BigDecimal("-2.25"));
      decimals.setValueCount(2);
      floats.allocateNew(2);
      floats.set(0, 0.5f);
      floats.set(1, -1.5f);
      floats.setValueCount(2);
      ints.allocateNew(2);
      ints.set(0, 7);
      ints.set(1, -7);
      ints.setValueCount(2);
      assertThat(stats(bits)).isEqualTo(new ColumnStats(true, true, 0));
      assertThat(stats(dates)).isEqualTo(new ColumnStats(19_000L, 20_000L, 0));
      assertThat(stats(times)).isEqualTo(new ColumnStats(1_000_000L, 3_000_000L, 0));
      assertThat(stats(decimals)).isEqualTo(new ColumnStats("-2.25", "10.50", 0));
      assertThat(stats(floats)).isEqualTo(new ColumnStats(-1.5, 0.5, 0));
      assertThat(stats(ints)).isEqualTo(new ColumnStats(-7L, 7L, 0));
    }
  }

  @Test
  void typesWithoutAnOrderRecordOnlyNullCounts() {
    try (UInt4Vector unsigned = new UInt4Vector("u", allocator)) {
      unsigned.allocateNew(2);
      unsigned.set(0, 1);
      unsigned.setNull(1);
      unsigned.setValueCount(2);
      assertThat(stats(unsigned)).isEqualTo(new ColumnStats(null, null, 1));
    }
  }

  private static ColumnStats stats(FieldVector v) {
    ColumnStatsCollector c = new ColumnStatsCollector();
    c.add(v);
    return c.result();
  }
}
