package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.DeletionFile;

/** A fragment's deletion vector file on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletionFileJson(String path, long cardinality, long sizeInBytes) {
  public static DeletionFileJson of(DeletionFile d) {
    return new DeletionFileJson(d.path(), d.cardinality(), d.sizeInBytes());
  }

  /** The deletion vector; a missing path, or a negative size or cardinality, are refused. */
  public DeletionFile toDeletionFile() {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("a deletion vector has no path");
    }
    if (sizeInBytes < 0 || cardinality < 0) {
      throw new IllegalArgumentException(
          "deletion vector "
              + path
              + " has a negative size or cardinality ("
              + sizeInBytes
              + " bytes, cardinality "
              + cardinality
              + ")");
    }
    return new DeletionFile(path, cardinality, sizeInBytes);
  }
}
