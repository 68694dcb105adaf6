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

  public DataFile toDataFile() {
    return new DataFile(path, fieldIds, sizeInBytes);
  }
}
