package io.github.lancelot.format.internal.io;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Decides whether data of one Arrow type can be stored in a column of another: the same type,
 * recursively, where the names of list elements and map entries do not matter but struct field
 * names do.
 */
public final class SchemaCompatibility {
  private SchemaCompatibility() {}

  /** Why {@code data} cannot be stored as {@code column}, or empty if it can. */
  public static Optional<String> mismatch(Field column, Field data) {
    return mismatch(column.getName(), column, data);
  }

  private static Optional<String> mismatch(String path, Field column, Field data) {
    ArrowType ct = column.getType();
    ArrowType dt = data.getType();
    if (!ct.equals(dt)) {
      return Optional.of("column '" + path + "' has type " + ct + " but the data has " + dt);
    }
    List<Field> cc = column.getChildren();
    List<Field> dc = data.getChildren();
    if (cc.size() != dc.size()) {
      return Optional.of(
          "column '"
              + path
              + "' has "
              + cc.size()
              + " nested fields but the data has "
              + dc.size());
    }
    boolean namedChildren = ct.getTypeID() == ArrowType.ArrowTypeID.Struct;
    for (int i = 0; i < cc.size(); i++) {
      Field c = cc.get(i);
      Field d = dc.get(i);
      if (namedChildren && !c.getName().equals(d.getName())) {
        return Optional.of(
            "struct column '"
                + path
                + "' has field '"
                + c.getName()
                + "' where the data has '"
                + d.getName()
                + "'");
      }
      Optional<String> nested = mismatch(path + "." + c.getName(), c, d);
      if (nested.isPresent()) {
        return nested;
      }
    }
    return Optional.empty();
  }
}
