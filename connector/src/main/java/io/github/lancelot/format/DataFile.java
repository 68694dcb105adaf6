package io.github.lancelot.format;

import java.io.Serializable;
import java.util.List;

/**
 * One Arrow IPC file of a fragment. It holds the columns with the given field ids, in that order,
 * for every row of the fragment, in record batches aligned with the fragment's other data files.
 *
 * @param path location relative to the table folder (or an absolute URI)
 * @param fieldIds the field ids of the file's columns, in file order
 * @param sizeInBytes the file's length
 */
public record DataFile(String path, List<Integer> fieldIds, long sizeInBytes)
    implements Serializable {
  public DataFile {
    fieldIds = List.copyOf(fieldIds);
  }
}
