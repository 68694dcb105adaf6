package io.github.lancelot.format;

import java.io.Serializable;
import org.roaringbitmap.RoaringBitmap;

/**
 * Rows of one fragment that a version inserted or deleted: the fragment as described in the version
 * where the rows are live (the version itself for inserted rows, the one before for deleted rows),
 * and the offsets of those rows in it.
 *
 * @param fragment the fragment holding the rows, live at their offsets
 * @param offsets the offsets of the rows within the fragment
 */
public record ChangedRows(Fragment fragment, RoaringBitmap offsets) implements Serializable {
  public long rowCount() {
    return offsets.getLongCardinality();
  }
}
