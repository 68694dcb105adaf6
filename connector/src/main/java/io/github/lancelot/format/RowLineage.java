package io.github.lancelot.format;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Row lineage (format.md section 22): every row has a row id that stays with it through UPDATE,
 * MERGE, compaction and restore, and the version that last changed it. A fragment committed with
 * lineage ({@link Fragment#lineage()}) gives its rows the ids {@code baseRowId + offset} and its
 * commit version, unless a row stores its own values in the hidden columns defined here, as a row
 * rewritten by an update or a compaction does. A fragment without lineage (written before lineage
 * existed) derives ids from its fragment id that no assigned id can take.
 */
public final class RowLineage {
  /** The name of the row id, as a hidden column and as the engines' metadata column. */
  public static final String ROW_ID = "_row_id";

  /** The name of the version that last changed the row. */
  public static final String ROW_LAST_UPDATED_VERSION = "_row_last_updated_version";

  /** The field id of a stored row id in a data file; never a column of the table. */
  public static final int ROW_ID_FIELD_ID = -1;

  /** The field id of a stored last-updated version in a data file; never a column of the table. */
  public static final int ROW_LAST_UPDATED_VERSION_FIELD_ID = -2;

  /** The last-updated version of the rows of a fragment without lineage: not known. */
  public static final long UNKNOWN_VERSION = 0;

  private static final Field ROW_ID_FIELD =
      new Field(ROW_ID, FieldType.nullable(new ArrowType.Int(64, true)), null);
  private static final Field ROW_LAST_UPDATED_VERSION_FIELD =
      new Field(ROW_LAST_UPDATED_VERSION, FieldType.nullable(new ArrowType.Int(64, true)), null);

  /**
   * The hidden columns, in the order a fragment writer expects them after the table's columns. NULL
   * in a row means "not stored": the fragment's lineage gives the value.
   */
  public static final List<TableSchema.Column> HIDDEN_COLUMNS =
      List.of(
          new TableSchema.Column(ROW_ID_FIELD_ID, ROW_ID_FIELD),
          new TableSchema.Column(
              ROW_LAST_UPDATED_VERSION_FIELD_ID, ROW_LAST_UPDATED_VERSION_FIELD));

  private RowLineage() {}

  /**
   * The id of the row at {@code offset} of a fragment without lineage: {@code -(fragmentId * 2^32 +
   * offset) - 1}. Negative, so it never equals an assigned id, and unique, since a fragment holds
   * fewer than 2^32 rows and fragment ids are never reused.
   */
  public static long derivedRowId(long fragmentId, long offset) {
    return -((fragmentId << 32) + offset) - 1;
  }

  /** Whether a data file's field id is one of the hidden lineage columns. */
  public static boolean isHiddenFieldId(int fieldId) {
    return fieldId == ROW_ID_FIELD_ID || fieldId == ROW_LAST_UPDATED_VERSION_FIELD_ID;
  }
}
