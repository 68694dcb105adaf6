package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.expressions.Expressions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format is usable as a plain Java library: create, append, scan a projection, read old
 * versions.
 */
class TestCoreApi {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void programWithoutSparkCreatesAppendsAndScansAProjection() {
    Table table = Table.forPath(dir.toString(), new Configuration());
    assertThat(table.exists()).isFalse();

    Snapshot v1 = table.createTable(TestTables.schema(), Map.of("owner", "ml-team")).commit();
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.numRows()).isZero();
    assertThat(v1.properties()).containsEntry("owner", "ml-team");

    Snapshot base = table.latestSnapshot();
    List<Fragment> written;
    try (FragmentWriter writer =
            table.newFragmentWriter(base.schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot batch = TestTables.batch(base.schema(), allocator, 1, 2, 3)) {
      writer.write(batch);
      written = writer.finish();
    }
    Snapshot v2 = table.newTransaction(base, Operation.APPEND).appendFragments(written).commit();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.numRows()).isEqualTo(3);
    assertThat(v2.fragments()).extracting(Fragment::id).containsExactly(1L);

    Scan scan = table.latestSnapshot().newScan().select("name", "id").build();
    assertThat(scan.projection().columns())
        .extracting(TableSchema.Column::name)
        .containsExactly("name", "id");
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator);
        FragmentBatch batch = batches.next()) {
      VectorSchemaRoot root = batch.root();
      assertThat(root.getSchema().getFields())
          .extracting(f -> f.getName())
          .containsExactly("name", "id");
      assertThat(((VarCharVector) root.getVector(0)).getObject(2).toString()).isEqualTo("n3");
      assertThat(((BigIntVector) root.getVector(1)).get(0)).isEqualTo(1);
      assertThat(batches.hasNext()).isFalse();
    }

    assertThat(table.snapshotAt(1).numRows()).isZero();
    assertThat(table.history())
        .extracting(CommitInfo::operation)
        .containsExactly(Operation.APPEND, Operation.CREATE_TABLE);
    assertThat(table.history().get(0).operationMetrics()).containsEntry("numAddedRows", 3L);
  }

  @Test
  void aScanWithAFilterSkipsTheFragmentsWhoseStatisticsRuleItOut() {
    Table table = Table.forPath(dir.toString(), new Configuration());
    Snapshot base = table.createTable(TestTables.schema(), Map.of()).commit();
    for (long first = 1; first <= 7; first += 3) {
      try (FragmentWriter writer =
              table.newFragmentWriter(base.schema(), WriteOptions.defaults(), allocator);
          VectorSchemaRoot batch =
              TestTables.batch(base.schema(), allocator, first, first + 1, first + 2)) {
        writer.write(batch);
        base =
            table.newTransaction(base, Operation.APPEND).appendFragments(writer.finish()).commit();
      }
    }
    Snapshot latest = table.latestSnapshot();
    assertThat(
            latest
                .newScan()
                .withFilter(Expressions.greaterThan("id", Expressions.literal(5L)))
                .build()
                .fragments())
        .extracting(Fragment::id)
        .containsExactly(2L, 3L);
    assertThat(
            latest
                .newScan()
                .withFilter(Expressions.greaterThan("id", Expressions.literal(5L)))
                .withFilter(Expressions.lessThan("id", Expressions.literal(7L)))
                .build()
                .fragments())
        .extracting(Fragment::id)
        .containsExactly(2L);
    assertThat(
            latest
                .newScan()
                .withFilter(
                    Expressions.in("name", Expressions.literal("n1"), Expressions.literal("n9")))
                .build()
                .liveRows())
        .isEqualTo(6);
    assertThatThrownBy(() -> latest.newScan().withFilter(Expressions.isNull("nope")))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void aFragmentReaderWithAConditionReturnsOnlyTheLiveRowsWhereItIsTrue() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2, 3, 4, 5, 6);
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    delete.deleteRows(base.fragments().get(0).id(), org.roaringbitmap.RoaringBitmap.bitmapOf(3));
    Snapshot latest = delete.commit();
    Fragment fragment = latest.fragments().get(0);
    TableSchema projection = new TableSchema(latest.schema().select(List.of("id", "name")), 3);
    var condition =
        Expressions.or(
            Expressions.greaterThan("id", Expressions.literal(2L)),
            Expressions.equal("name", Expressions.literal("n1")));
    for (FragmentReader.DeletedRows mode : FragmentReader.DeletedRows.values()) {
      List<Long> ids = new java.util.ArrayList<>();
      List<Long> offsets = new java.util.ArrayList<>();
      try (FragmentReader reader =
          new FragmentReader(
              dir.toString(),
              new Configuration(),
              fragment,
              projection,
              allocator,
              mode,
              condition)) {
        while (reader.hasNext()) {
          try (FragmentBatch batch = reader.next()) {
            BigIntVector id = (BigIntVector) batch.root().getVector(0);
            int[] positions = batch.livePositions();
            for (int i = 0; i < batch.rowCount(); i++) {
              ids.add(id.get(positions == null ? i : positions[i]));
              offsets.add(batch.rowOffset(i));
            }
          }
        }
      }
      assertThat(ids).as("%s", mode).containsExactly(1L, 3L, 5L, 6L);
      assertThat(offsets).as("%s", mode).containsExactly(0L, 2L, 4L, 5L);
    }
    assertThatThrownBy(
            () ->
                new FragmentReader(
                    dir.toString(),
                    new Configuration(),
                    fragment,
                    projection,
                    allocator,
                    FragmentReader.DeletedRows.COPIED_OUT,
                    Expressions.isNull("vec")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vec IS NULL");
  }

  @Test
  void snapshotAsOfATimeIsTheLastVersionCommittedAtOrBeforeIt() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    TestTables.append(table, allocator, 2);
    List<CommitInfo> history = table.history();
    long t2 = history.get(1).timestamp();
    long t3 = history.get(0).timestamp();
    assertThat(t3).isGreaterThan(t2);

    assertThat(table.snapshotAsOf(t2).version()).isEqualTo(2);
    assertThat(table.snapshotAsOf(t3 - 1).version()).isEqualTo(2);
    assertThat(table.snapshotAsOf(t3 + 60_000).version()).isEqualTo(3);
    long t1 = history.get(2).timestamp();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.snapshotAsOf(t1 - 1))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("the earliest is version 1");
  }

  @Test
  void aVersionThatDoesNotExistIsAnErrorListingTheVersionsThatDo() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> table.snapshotAt(7))
        .isInstanceOf(VersionNotFoundException.class)
        .hasMessageContaining("has no version 7")
        .hasMessageContaining("available versions are 1 to 2");
  }

  @Test
  void aMissingTableIsReportedByItsLocation() {
    Table table = Table.forPath(dir.resolve("nothing").toString(), new Configuration());
    org.assertj.core.api.Assertions.assertThatThrownBy(table::latestSnapshot)
        .isInstanceOf(TableNotFoundException.class)
        .hasMessageContaining("nothing")
        .hasMessageContaining("does not exist");
  }

  @Test
  void creatingATableTwiceFails() {
    TestTables.create(dir, Map.of());
    Table again = Table.forPath(dir.toString(), new Configuration());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> again.createTable(TestTables.schema(), Map.of()))
        .isInstanceOf(TableAlreadyExistsException.class);
  }
}
