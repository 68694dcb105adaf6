package io.github.lancelot.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The hidden columns that identify a row within a version: the fragment holding it and its offset
 * there. Select them by name ({@code SELECT _fragment_id, _row_offset, * FROM t}); row-level
 * operations use them as row ids.
 */
public final class MetadataColumns implements MetadataColumn, Serializable {
  public static final MetadataColumns FRAGMENT_ID =
      new MetadataColumns("_fragment_id", "the id of the fragment holding the row");
  public static final MetadataColumns ROW_OFFSET =
      new MetadataColumns("_row_offset", "the row's offset within its fragment");
  static final List<MetadataColumns> ALL = List.of(FRAGMENT_ID, ROW_OFFSET);

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

  static Optional<MetadataColumns> byName(String name) {
    return ALL.stream().filter(c -> c.columnName.equals(name)).findFirst();
  }

  private Object readResolve() {
    return byName(columnName).orElseThrow();
  }
}
