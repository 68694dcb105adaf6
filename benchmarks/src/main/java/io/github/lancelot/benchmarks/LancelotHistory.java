package io.github.lancelot.benchmarks;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;

/**
 * Grows a Lancelot table by commits of 10 rows ({@code id BIGINT, value DOUBLE}) through the format
 * API, as fast as a writer can, with the table's default checkpoints: the history the age benchmark
 * reads, without Spark's cost per statement.
 */
final class LancelotHistory implements AutoCloseable {
  static final int ROWS_PER_COMMIT = 10;
  private static final TableSchema SCHEMA =
      TableSchema.of(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

  private final Table table;
  private final BufferAllocator allocator = new RootAllocator();
  private long nextId;

  LancelotHistory(String location, Configuration conf) {
    this.table = Table.forPath(location, conf);
  }

  /** Appends commits until the table has {@code commits} versions; returns the latest version. */
  long growTo(long commits) {
    Snapshot latest = table.latestSnapshotIfExists().orElse(null);
    if (latest == null) {
      latest = table.createTable(SCHEMA, Map.of()).appendFragments(batch()).commit();
    }
    while (latest.version() < commits) {
      latest = table.newTransaction(latest, Operation.APPEND).appendFragments(batch()).commit();
    }
    return latest.version();
  }

  private List<Fragment> batch() {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA.arrowSchema(), allocator);
        var writer = table.newFragmentWriter(SCHEMA, WriteOptions.defaults(), allocator)) {
      root.allocateNew();
      for (int i = 0; i < ROWS_PER_COMMIT; i++) {
        ((BigIntVector) root.getVector("id")).setSafe(i, nextId);
        ((Float8Vector) root.getVector("value")).setSafe(i, nextId * 0.5);
        nextId++;
      }
      root.setRowCount(ROWS_PER_COMMIT);
      writer.write(root);
      return writer.finish();
    }
  }

  @Override
  public void close() {
    allocator.close();
  }
}
