package io.github.lancelot.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

/**
 * Schema and property changes that would corrupt the table are refused before anything is
 * committed.
 */
class TestTableChanges {
  @TempDir Path dir;
  final BufferAllocator allocator = new RootAllocator();

  @AfterEach
  void close() {
    allocator.close();
  }

  @Test
  void renumberingFieldIdsIsRefused() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base =
        table
            .newTransaction(table.latestSnapshot(), Operation.ADD_COLUMNS)
            .setSchema(
                table
                    .latestSnapshot()
                    .schema()
                    .withColumnAdded(Field.nullable("x", new ArrowType.Int(32, true))))
            .commit();
    TableSchema renumbered =
        TableSchema.of(List.of(TestTables.id(), TestTables.vec(), TestTables.name()));
    assertThatThrownBy(
            () -> table.newTransaction(base, Operation.CHANGE_SCHEMA).setSchema(renumbered))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("field ids were renumbered");
  }

  @Test
  void changingAColumnsTypeIsRefused() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    Field asInt = Field.nullable("name", new ArrowType.Int(32, true));
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(base, Operation.CHANGE_SCHEMA)
                    .setSchema(base.schema().withColumnReplaced("name", asInt)))
        .hasMessageContaining("column 'name' would change type from Utf8 to Int(32, true)");
  }

  @Test
  void aNotNullColumnCanOnlyBeAddedToATableWithoutRows() {
    Table table = TestTables.create(dir, Map.of());
    Field required =
        new Field("required", FieldType.notNullable(new ArrowType.Int(32, true)), null);
    Snapshot empty = table.latestSnapshot();
    table
        .newTransaction(empty, Operation.ADD_COLUMNS)
        .setSchema(empty.schema().withColumnAdded(required));
    Snapshot withRows = TestTables.append(table, allocator, 1);
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(withRows, Operation.ADD_COLUMNS)
                    .setSchema(withRows.schema().withColumnAdded(required)))
        .hasMessageContaining("column 'required' is NOT NULL, but the table has rows");
  }

  @Test
  void aNotNullColumnCanBeAddedWhenTheSameChangeRemovesEveryRow() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot withRows = TestTables.append(table, allocator, 1);
    Field required =
        new Field("required", FieldType.notNullable(new ArrowType.Int(32, true)), null);
    TableSchema replacement =
        TableSchema.of(List.of(required)).withIdsAfter(withRows.schema().lastFieldId());
    Snapshot replaced =
        table
            .newTransaction(withRows, Operation.REPLACE_TABLE)
            .removeAllFragments()
            .setSchema(replacement)
            .commit();
    assertThat(replaced.schema()).isEqualTo(replacement);
    assertThat(replaced.numRows()).isZero();
  }

  @Test
  void columnNamesAreUniqueIgnoringCase() {
    TableSchema schema = TestTables.schema();
    assertThatThrownBy(
            () -> schema.withColumnAdded(Field.nullable("NAME", ArrowType.Utf8.INSTANCE)))
        .hasMessageContaining("Column 'NAME' already exists");
  }

  @Test
  void invalidFormatPropertiesAreRefusedBeforeCommitting() {
    Table table = TestTables.create(dir, Map.of());
    Snapshot base = table.latestSnapshot();
    assertThatThrownBy(
            () ->
                table
                    .newTransaction(base, Operation.SET_PROPERTIES)
                    .setProperties(Map.of(TableProperties.CHECKPOINT_INTERVAL, "zero")))
        .hasMessageContaining("Invalid value 'zero' for checkpoint.interval");
    assertThatThrownBy(
            () ->
                Table.forPath(dir.resolve("other").toString(), table.conf())
                    .createTable(
                        TestTables.schema(), Map.of(TableProperties.COMMIT_MAX_ATTEMPTS, "-1")))
        .hasMessageContaining("commit.max-attempts");
    assertThat(table.versions()).containsExactly(1L);
  }
}
