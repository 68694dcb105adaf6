package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.testing.AcrossLines;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Every Spark SQL type survives a write and a read, NULLs included; vectors come back bit for bit.
 */
@AcrossLines
class TestSparkRoundTrip extends SparkTestBase {

  static final StructType POINT =
      new StructType()
          .add("x", DataTypes.DoubleType)
          .add("labels", DataTypes.createArrayType(DataTypes.StringType));

  static final StructType ALL_TYPES =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("bool", DataTypes.BooleanType)
          .add("byte", DataTypes.ByteType)
          .add("short", DataTypes.ShortType)
          .add("int", DataTypes.IntegerType)
          .add("long", DataTypes.LongType)
          .add("float", DataTypes.FloatType)
          .add("double", DataTypes.DoubleType)
          .add("dec_small", DataTypes.createDecimalType(10, 2))
          .add("dec_large", DataTypes.createDecimalType(38, 10))
          .add("string", DataTypes.StringType)
          .add("binary", DataTypes.BinaryType)
          .add("date", DataTypes.DateType)
          .add("ts", DataTypes.TimestampType)
          .add("ts_ntz", DataTypes.TimestampNTZType)
          .add("longs", DataTypes.createArrayType(DataTypes.LongType))
          .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType))
          .add("point", POINT)
          .add("points", DataTypes.createArrayType(POINT))
          .add(
              "nested", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.IntegerType)))
          .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false));

  static Row row(long i) {
    if (i == 0) {
      Object[] nulls = new Object[ALL_TYPES.size()];
      nulls[0] = 0L;
      return RowFactory.create(nulls);
    }
    return RowFactory.create(
        i,
        i % 2 == 0,
        (byte) -i,
        (short) (i * 1000),
        Integer.MIN_VALUE + (int) i,
        Long.MAX_VALUE - i,
        i == 1 ? -0.0f : i / 3f,
        i == 1 ? Double.NEGATIVE_INFINITY : i / 7d,
        new BigDecimal("12345678." + (10 + i)),
        new BigDecimal("1234567890123456789012345678.012345678" + i),
        i == 1 ? "" : "Rick, what's going on? \u00e9\u4e2d\ud83d\ude00 " + i,
        new byte[] {(byte) i, 0, (byte) 255},
        Date.valueOf("2024-02-29"),
        Timestamp.valueOf("2026-11-26 06:01:35.123456"),
        LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000 * (int) i),
        i == 1 ? List.of() : List.of(i, -i),
        Map.of("k" + i, (int) i),
        RowFactory.create(i * 1.5, i == 2 ? List.of() : Arrays.asList("a", null)),
        List.of(RowFactory.create(1.0, List.of("x")), RowFactory.create(null, null)),
        Arrays.asList(List.of(1, 2), null, List.of()),
        vector(i));
  }

  static List<Float> vector(long i) {
    List<Float> v = new ArrayList<>();
    v.add(-0.0f);
    v.add(Float.MIN_VALUE);
    v.add(Float.MAX_VALUE);
    v.add(i * 0.1f);
    return v;
  }

  Dataset<Row> sample() {
    return sample(6);
  }

  Dataset<Row> sample(int n) {
    List<Row> rows = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      rows.add(row(i));
    }
    return spark.createDataFrame(rows, ALL_TYPES);
  }

  @Test
  void everySparkTypeRoundTripsWithNulls() {
    String p = path("types");
    Dataset<Row> expected = sample();
    expected.write().format("lance").option("embedding.arrow.fixed-size-list.size", "4").save(p);
    Dataset<Row> actual = spark.read().format("lance").load(p);

    StructType readSchema = actual.schema();
    for (StructField f : ALL_TYPES.fields()) {
      assertThat(readSchema.apply(f.name()).dataType().sql())
          .as(f.name())
          .isEqualTo(f.dataType().sql());
    }
    assertThat(readSchema.apply("embedding").metadata().getLong(SparkSchemas.VECTOR_DIMENSION_KEY))
        .isEqualTo(4);
    assertThat(actual.orderBy("id").collectAsList())
        .containsExactlyElementsOf(expected.orderBy("id").collectAsList());
  }

  @Test
  void everySparkTypeReadsBackWithoutDeletedRowsAndWithTheirRowOffsets() {
    String p = path("types-deleted");
    sample()
        .coalesce(1)
        .write()
        .format("lance")
        .option("embedding.arrow.fixed-size-list.size", "4")
        .save(p);
    assertThat(
            spark
                .read()
                .format("lance")
                .load(p)
                .selectExpr("id", "CAST(point.labels AS STRING)", "point.x")
                .where("id = 4")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly("[4,[a, null],6.0]");
    var table = io.github.lancelot.format.Table.forPath(p, spark.sessionState().newHadoopConf());
    var snapshot = table.latestSnapshot();
    var delete = table.newTransaction(snapshot, io.github.lancelot.format.Operation.DELETE);
    delete.deleteRows(
        snapshot.fragments().get(0).id(), org.roaringbitmap.RoaringBitmap.bitmapOf(0, 2, 5));
    var afterDelete = delete.commit();
    List<String> before = arrowRows(snapshot);
    assertThat(arrowRows(afterDelete))
        .as("the format API copies the live rows out")
        .containsExactly(before.get(1), before.get(3), before.get(4));

    Dataset<Row> actual = spark.read().format("lance").load(p);
    assertThat(actual.orderBy("id").collectAsList())
        .containsExactlyElementsOf(sample().where("id IN (1, 3, 4)").orderBy("id").collectAsList());
    assertThat(
            actual
                .selectExpr(
                    "_row_offset", "id", "CAST(point.labels AS STRING)", "CAST(tags AS STRING)")
                .orderBy("id")
                .collectAsList())
        .extracting(Row::toString)
        .containsExactly(
            "[1,1,[a, null],{k1 -> 1}]", "[3,3,[a, null],{k3 -> 3}]", "[4,4,[a, null],{k4 -> 4}]");
  }

  @Test
  void longRunsOfLiveRowsAndScatteredLiveRowsBothReadBackExactly() {
    String p = path("types-runs");
    sample(300)
        .coalesce(1)
        .write()
        .format("lance")
        .option("embedding.arrow.fixed-size-list.size", "4")
        .save(p);
    var table = io.github.lancelot.format.Table.forPath(p, spark.sessionState().newHadoopConf());
    var snapshot = table.latestSnapshot();
    List<String> before = arrowRows(snapshot);
    long fragment = snapshot.fragments().get(0).id();
    java.util.Set<Integer> deleted = new java.util.TreeSet<>(List.of(0, 2, 5, 57, 120, 299));
    for (int round = 0; round < 2; round++) {
      var delete =
          table.newTransaction(table.latestSnapshot(), io.github.lancelot.format.Operation.DELETE);
      delete.deleteRows(
          fragment,
          org.roaringbitmap.RoaringBitmap.bitmapOf(
              deleted.stream().mapToInt(Integer::intValue).toArray()));
      var after = delete.commit();
      List<String> expected = new ArrayList<>();
      for (int r = 0; r < before.size(); r++) {
        if (!deleted.contains(r)) {
          expected.add(before.get(r));
        }
      }
      assertThat(arrowRows(after)).as("round %d", round).containsExactlyElementsOf(expected);
      assertThat(spark.read().format("lance").load(p).orderBy("id").collectAsList())
          .as("round %d", round)
          .containsExactlyElementsOf(
              sample(300)
                  .where(
                      "id NOT IN ("
                          + deleted.stream()
                              .map(String::valueOf)
                              .collect(java.util.stream.Collectors.joining(", "))
                          + ")")
                  .orderBy("id")
                  .collectAsList());
      for (int r = 1; r < 300; r += 2) {
        deleted.add(r);
      }
    }
  }

  /** Every row of the snapshot as text, read through the format API. */
  static List<String> arrowRows(io.github.lancelot.format.Snapshot snapshot) {
    List<String> rows = new ArrayList<>();
    try (var allocator = new org.apache.arrow.memory.RootAllocator();
        var batches = snapshot.newScan().build().batches(allocator)) {
      while (batches.hasNext()) {
        try (var batch = batches.next()) {
          for (int i = 0; i < batch.rowCount(); i++) {
            List<String> values = new ArrayList<>();
            for (var vector : batch.root().getFieldVectors()) {
              Object v = vector.getObject(i);
              values.add(v instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(v));
            }
            rows.add(String.join(" | ", values));
          }
        }
      }
    }
    return rows;
  }

  @Test
  void vectorsAreStoredAsFixedSizeListsAndReadBackBitExact() {
    String p = path("vectors");
    sample()
        .select("id", "embedding")
        .write()
        .format("lance")
        .option("embedding.arrow.fixed-size-list.size", "4")
        .save(p);
    var table = io.github.lancelot.format.Table.forPath(p, spark.sessionState().newHadoopConf());
    assertThat(table.latestSnapshot().schema().column("embedding").orElseThrow().field().getType())
        .isEqualTo(new org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList(4));
    for (Row r : spark.read().format("lance").load(p).where("id > 0").collectAsList()) {
      List<Float> expected = vector(r.getLong(0));
      List<Float> actual = r.getList(1);
      for (int k = 0; k < expected.size(); k++) {
        assertThat(Float.floatToRawIntBits(actual.get(k)))
            .isEqualTo(Float.floatToRawIntBits(expected.get(k)));
      }
    }
    assertThat(spark.read().format("lance").load(p).where("id = 0").first().isNullAt(1)).isTrue();
  }

  @Test
  void aScanOfOneColumnReturnsOnlyThatColumn() {
    String p = path("projection");
    sample().write().format("lance").option("embedding.arrow.fixed-size-list.size", "4").save(p);
    Dataset<Row> names = spark.read().format("lance").load(p).select("string");
    assertThat(names.schema().fieldNames()).containsExactly("string");
    assertThat(names.collectAsList()).hasSize(6);
    assertThat(names.queryExecution().executedPlan().toString()).contains("columns=[string]");
  }
}
