package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.DeletionFile;

/** A fragment's deletion vector file on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeletionFileJson(String path, long cardinality, long sizeInBytes) {
  public static DeletionFileJson of(DeletionFile d) {
    return new DeletionFileJson(d.path(), d.cardinality(), d.sizeInBytes());
  }

  public DeletionFile toDeletionFile() {
    return new DeletionFile(path, cardinality, sizeInBytes);
  }
}
