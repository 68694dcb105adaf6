package io.github.lancelot.spark;

import io.github.lancelot.format.RowLineage;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The hidden columns of every row: the fragment holding it and its offset there, which identify it
 * within a version (row-level operations use them as row ids), and its row lineage, its stable row
 * id and the version that last changed it ({@link RowLineage}). Select them by name ({@code SELECT
 * _row_id, _fragment_id, _row_offset, * FROM t}).
 */
public final class MetadataColumns implements MetadataColumn, Serializable {
  public static final MetadataColumns FRAGMENT_ID =
      new MetadataColumns("_fragment_id", "the id of the fragment holding the row");
  public static final MetadataColumns ROW_OFFSET =
      new MetadataColumns("_row_offset", "the row's offset within its fragment");
  public static final MetadataColumns ROW_ID =
      new MetadataColumns(
          RowLineage.ROW_ID, "the row's id, kept through updates, merges and compaction");
  public static final MetadataColumns ROW_LAST_UPDATED_VERSION =
      new MetadataColumns(
          RowLineage.ROW_LAST_UPDATED_VERSION,
          "the version that inserted or last updated the row (0: before row lineage was recorded)");
  static final List<MetadataColumns> ALL =
      List.of(FRAGMENT_ID, ROW_OFFSET, ROW_ID, ROW_LAST_UPDATED_VERSION);

  private final String columnName;
  private final String description;

  private MetadataColumns(String columnName, String description) {
    this.columnName = columnName;
    this.description = description;
  }

  @Override
  public String name() {
    return columnName;
  }

  @Override
  public DataType dataType() {
    return DataTypes.LongType;
  }

  @Override
  public boolean isNullable() {
    return false;
  }

  @Override
  public String comment() {
    return description;
  }

  /** Whether the column is read from the rows' lineage rather than from their position. */
  boolean isLineage() {
    return this == ROW_ID || this == ROW_LAST_UPDATED_VERSION;
  }

  static Optional<MetadataColumns> byName(String name) {
    return ALL.stream().filter(c -> c.columnName.equals(name)).findFirst();
  }

  private Object readResolve() {
    return byName(columnName).orElseThrow();
  }
}
