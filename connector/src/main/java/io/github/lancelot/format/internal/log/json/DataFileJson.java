package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.DataFile;
import java.util.List;

/** One data file of a fragment on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataFileJson(String path, List<Integer> fieldIds, long sizeInBytes) {
  public static DataFileJson of(DataFile d) {
    return new DataFileJson(d.path(), d.fieldIds(), d.sizeInBytes());
  }

  /** The data file; a missing path or field ids, or a negative size, are refused. */
  public DataFile toDataFile() {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("a data file has no path");
    }
    if (fieldIds == null || fieldIds.contains(null)) {
      throw new IllegalArgumentException("data file " + path + " has no valid fieldIds");
    }
    if (sizeInBytes < 0) {
      throw new IllegalArgumentException(
          "data file " + path + " has a negative size (" + sizeInBytes + " bytes)");
    }
    return new DataFile(path, fieldIds, sizeInBytes);
  }
}
