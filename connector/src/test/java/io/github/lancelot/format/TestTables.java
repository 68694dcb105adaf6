package io.github.lancelot.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;

/**
 * Small tables for tests: rows of (id BIGINT NOT NULL, name STRING, vec FixedSizeList<Float32>[4]).
 */
final class TestTables {
  static final int DIM = 4;

  private TestTables() {}

  static Field id() {
    return new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null);
  }

  static Field name() {
    return Field.nullable("name", ArrowType.Utf8.INSTANCE);
  }

  static Field vec() {
    return new Field(
        "vec",
        FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
        List.of(
            Field.nullable("element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))));
  }

  static TableSchema schema() {
    return TableSchema.of(List.of(id(), name(), vec()));
  }

  static Table create(Path dir, Map<String, String> properties) {
    return create(dir.toUri().toString(), new Configuration(), properties);
  }

  static Table create(String location, Configuration conf, Map<String, String> properties) {
    Table table = Table.forPath(location, conf);
    table.createTable(schema(), properties).commit();
    return table;
  }

  /** A batch of rows with the given ids; name is "n" + id and vec is (id, id+0.5, -id, 1/id). */
  static VectorSchemaRoot batch(TableSchema schema, BufferAllocator allocator, long... ids) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema.arrowSchema(), allocator);
    root.allocateNew();
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      ((BigIntVector) root.getVector("id")).setSafe(i, id);
      ((VarCharVector) root.getVector("name")).setSafe(i, ("n" + id).getBytes());
      FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
      int start = vec.startNewValue(i);
      Float4Vector values = (Float4Vector) vec.getDataVector();
      float[] v = {id, id + 0.5f, -id, 1f / id};
      for (int k = 0; k < DIM; k++) {
        values.setSafe(start + k, v[k]);
      }
    }
    root.setRowCount(ids.length);
    return root;
  }

  /** Writes and commits rows with the given ids as one append. */
  static Snapshot append(Table table, BufferAllocator allocator, long... ids) {
    Snapshot base = table.latestSnapshot();
    return table
        .newTransaction(base, Operation.APPEND)
        .appendFragments(write(table, base.schema(), allocator, ids))
        .commit();
  }

  static List<Fragment> write(
      Table table, TableSchema schema, BufferAllocator allocator, long... ids) {
    try (FragmentWriter writer =
            table.newFragmentWriter(schema, WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = batch(schema, allocator, ids)) {
      writer.write(batch);
      return writer.finish();
    }
  }

  /**
   * Every row of the snapshot, each as a map from column name to value (Arrow's Java objects, as
   * strings).
   */
  static List<Map<String, String>> rows(Snapshot snapshot, BufferAllocator allocator) {
    return rows(snapshot.newScan().build(), allocator);
  }

  static List<Map<String, String>> rows(Scan scan, BufferAllocator allocator) {
    List<Map<String, String>> out = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          for (int i = 0; i < b.rowCount(); i++) {
            Map<String, String> row = new HashMap<>();
            for (FieldVector v : b.root().getFieldVectors()) {
              row.put(v.getName(), String.valueOf(v.getObject(i)));
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  static List<Long> ids(Snapshot snapshot, BufferAllocator allocator) {
    List<Long> out = new ArrayList<>();
    try (Scan.CloseableIterator<FragmentBatch> batches =
        snapshot.newScan().select("id").build().batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch b = batches.next()) {
          BigIntVector v = (BigIntVector) b.root().getVector(0);
          for (int i = 0; i < b.rowCount(); i++) {
            out.add(v.get(i));
          }
        }
      }
    }
    return out;
  }

  /**
   * A copy in {@code dir} of the checked-in table of {@link TestGoldenTable}, written before row
   * lineage was recorded.
   */
  static Table copyOfGoldenTable(java.nio.file.Path dir)
      throws java.io.IOException, java.net.URISyntaxException {
    java.nio.file.Path source =
        java.nio.file.Path.of(TestTables.class.getResource("/golden/table").toURI());
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(source)) {
      for (java.nio.file.Path f : files.toList()) {
        java.nio.file.Path target = dir.resolve(source.relativize(f).toString());
        if (java.nio.file.Files.isDirectory(f)) {
          java.nio.file.Files.createDirectories(target);
        } else {
          java.nio.file.Files.copy(f, target);
        }
      }
    }
    return Table.forPath(dir.toUri().toString(), new org.apache.hadoop.conf.Configuration());
  }
}
