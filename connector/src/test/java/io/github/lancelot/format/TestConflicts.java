package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lancelot.format.internal.io.ColumnDefaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

/** The conflict rules, each stated by two transactions prepared against the same version. */
class TestConflicts {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void twoDeletesOfTheSameFragmentConflictAndTheLoserCommitsNothing() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2, 3, 4);
    long fragment = base.fragments().get(0).id();

    Transaction first = table.newTransaction(base, Operation.DELETE);
    first.deleteRows(fragment, RoaringBitmap.bitmapOf(0));
    Transaction second = table.newTransaction(base, Operation.DELETE);
    second.deleteRows(fragment, RoaringBitmap.bitmapOf(3));
    first.commit();

    assertThatThrownBy(second::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("DELETE read version 2")
        .hasMessageContaining("version 3 (DELETE")
        .hasMessageContaining("fragments [" + fragment + "]")
        .satisfies(
            e ->
                assertThat(((ConcurrentModificationException) e).conflictingVersion())
                    .isEqualTo(3));
    assertThat(table.versions()).containsExactly(1L, 2L, 3L);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(2L, 3L, 4L);
  }

  @Test
  void deletesOfDifferentFragmentsAndAppendsAreRebased() {
    Table table = TestTables.create(dir, Map.of());
    TestTables.append(table, allocator, 1, 2);
    Snapshot base = TestTables.append(table, allocator, 3, 4);
    List<Fragment> fragments = base.fragments();

    Transaction deleteFirst = table.newTransaction(base, Operation.DELETE);
    deleteFirst.deleteRows(fragments.get(0).id(), RoaringBitmap.bitmapOf(0));
    Transaction deleteSecond = table.newTransaction(base, Operation.DELETE);
    deleteSecond.deleteRows(fragments.get(1).id(), RoaringBitmap.bitmapOf(1));
    Transaction append =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 5));

    assertThat(deleteFirst.commit().version()).isEqualTo(4);
    assertThat(append.commit().version()).isEqualTo(5);
    assertThat(deleteSecond.commit().version()).isEqualTo(6);
    assertThat(TestTables.ids(table.latestSnapshot(), allocator))
        .containsExactlyInAnyOrder(2L, 3L, 5L);
    assertThat(table.latestSnapshot().fragments()).extracting(Fragment::id).doesNotHaveDuplicates();
  }

  @Test
  void aSchemaChangeConflictsWithAConcurrentWrite() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction rename =
        table
            .newTransaction(base, Operation.CHANGE_SCHEMA)
            .setSchema(
                base.schema()
                    .withColumnReplaced("name", Field.nullable("author", ArrowType.Utf8.INSTANCE)));
    TestTables.append(table, allocator, 2);
    assertThatThrownBy(rename::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("CHANGE SCHEMA read version 2")
        .hasMessageContaining("changed data while this operation changed the schema");
    assertThat(table.latestSnapshot().schema().column("author")).isEmpty();
  }

  private static TableSchema withScore(TableSchema schema) {
    return schema.withColumnAdded(Field.nullable("score", new ArrowType.Int(32, true)));
  }

  @Test
  void anAppendThatAddsNullableColumnsIsRebasedOverAConcurrentAppend() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    TableSchema evolved = withScore(base.schema());
    Transaction appendWithScore =
        table
            .newTransaction(base, Operation.APPEND)
            .setSchema(evolved)
            .appendFragments(TestTables.write(table, evolved, allocator, 3));
    TestTables.append(table, allocator, 2);

    Snapshot after = appendWithScore.commit();
    assertThat(after.version()).isEqualTo(4);
    assertThat(after.schema()).isEqualTo(evolved);
    assertThat(TestTables.ids(after, allocator)).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(TestTables.rows(after, allocator)).allMatch(r -> r.get("score").equals("null"));
  }

  @Test
  void anAppendIsRebasedOverAConcurrentAppendThatAddedNullableColumns() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction plainAppend =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 2));
    TableSchema evolved = withScore(base.schema());
    table
        .newTransaction(base, Operation.APPEND)
        .setSchema(evolved)
        .appendFragments(TestTables.write(table, evolved, allocator, 3))
        .commit();

    Snapshot after = plainAppend.commit();
    assertThat(after.schema()).isEqualTo(evolved);
    assertThat(TestTables.ids(after, allocator)).containsExactlyInAnyOrder(1L, 2L, 3L);
    assertThat(TestTables.rows(after, allocator)).allMatch(r -> r.get("score").equals("null"));
  }

  @Test
  void twoConcurrentAdditionsOfColumnsConflict() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction addScore =
        table.newTransaction(base, Operation.ADD_COLUMNS).setSchema(withScore(base.schema()));
    table
        .newTransaction(base, Operation.ADD_COLUMNS)
        .setSchema(
            base.schema().withColumnAdded(Field.nullable("stars", new ArrowType.Int(32, true))))
        .commit();
    assertThatThrownBy(addScore::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("changed the table's schema, properties or protocol");
    assertThat(table.latestSnapshot().schema().column("score")).isEmpty();
  }

  @Test
  void addingANotNullColumnWithADefaultStillConflictsWithAConcurrentAppend() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Field stars =
        ColumnDefaults.withDefault(
            new Field("stars", FieldType.notNullable(new ArrowType.Int(32, true)), null), 3);
    Transaction addStars =
        table
            .newTransaction(base, Operation.ADD_COLUMNS)
            .setSchema(base.schema().withColumnAdded(stars));
    TestTables.append(table, allocator, 2);
    assertThatThrownBy(addStars::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("changed data while this operation changed the schema");
    assertThat(table.latestSnapshot().schema().column("stars")).isEmpty();
  }

  @Test
  void aWriteConflictsWithAConcurrentSchemaChange() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction append =
        table
            .newTransaction(base, Operation.APPEND)
            .appendFragments(TestTables.write(table, base.schema(), allocator, 2));
    table.newTransaction(base, Operation.SET_PROPERTIES).setProperties(Map.of("k", "v")).commit();
    assertThatThrownBy(append::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("changed the table's schema, properties or protocol");
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactly(1L);
  }

  @Test
  void anOverwriteConflictsWithAConcurrentAppend() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1);
    Transaction overwrite =
        table
            .newTransaction(base, Operation.OVERWRITE)
            .removeAllFragments()
            .appendFragments(TestTables.write(table, base.schema(), allocator, 10));
    TestTables.append(table, allocator, 2);
    assertThatThrownBy(overwrite::commit)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("changed data that this operation read");
    assertThat(TestTables.ids(table.latestSnapshot(), allocator)).containsExactlyInAnyOrder(1L, 2L);
  }

  @Test
  void deletingEveryRowOfAFragmentRemovesIt() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2);
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    assertThat(delete.deleteRows(base.fragments().get(0).id(), RoaringBitmap.bitmapOf(0, 1)))
        .isEqualTo(2);
    Snapshot after = delete.commit();
    assertThat(after.fragments()).isEmpty();
    assertThat(after.commitInfo().operationMetrics())
        .containsEntry("numDeletedRows", 2L)
        .containsEntry("numRemovedFragments", 1L);
  }

  @Test
  void deletingRowsOfAFragmentTheTransactionAlreadyRemovedChangesNothing() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2, 3, 4);
    long fragment = base.fragments().get(0).id();
    Transaction delete = table.newTransaction(base, Operation.DELETE);
    assertThat(delete.deleteRows(fragment, RoaringBitmap.bitmapOf(0, 1, 2, 3))).isEqualTo(4);
    assertThat(delete.deleteRows(fragment, RoaringBitmap.bitmapOf(0))).isZero();
    Snapshot after = delete.commit();
    assertThat(after.fragments()).isEmpty();
    assertThat(after.commitInfo().operationMetrics()).containsEntry("numDeletedRows", 4L);
  }

  @Test
  void deletingAnOffsetBeyondTheFragmentIsAnError() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = TestTables.append(table, allocator, 1, 2);
    long fragment = base.fragments().get(0).id();
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(base, Operation.DELETE)
                    .deleteRows(fragment, RoaringBitmap.bitmapOf(5)))
        .hasMessageContaining("Row offset 5 is out of range for fragment " + fragment)
        .hasMessageContaining("which has 2 rows");
  }
}
