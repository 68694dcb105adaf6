package io.github.lancelot.catalog.sql;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A statement that reads all columns of a table's metadata table ({@code history}, {@code tags}),
 * optionally ordered by one column and limited to a number of rows: {@code DESCRIBE HISTORY} and
 * {@code SHOW TAGS}.
 */
record MetadataTableQuery(
    TableName table, String metadataTable, Optional<String> orderBy, OptionalInt limit)
    implements LancelotStatement {
  @Override
  public List<TableName> tables() {
    return List.of(table);
  }
}
