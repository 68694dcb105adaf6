package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.Fragment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code addFragment} action on disk (format.md section 3.2); a fragment without deleted rows
 * has no {@code deletionFile}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FragmentJson(
    long id,
    long physicalRows,
    List<DataFileJson> files,
    DeletionFileJson deletionFile,
    Map<Integer, ColumnStatsJson> stats) {

  public static FragmentJson of(Fragment f) {
    Map<Integer, ColumnStatsJson> stats = new TreeMap<>();
    f.stats().forEach((id, s) -> stats.put(id, s == null ? null : ColumnStatsJson.of(s)));
    return new FragmentJson(
        f.id(),
        f.physicalRows(),
        f.files().stream().map(DataFileJson::of).toList(),
        f.deletionFile() == null ? null : DeletionFileJson.of(f.deletionFile()),
        stats);
  }

  /**
   * Row offsets are unsigned 32-bit values (format.md section 7), so no fragment has more rows than
   * this.
   */
  public static final long MAX_PHYSICAL_ROWS = 1L << 32;

  /**
   * The fragment. Counts a reader would size buffers or loops by are checked first: {@code
   * physicalRows} within 0 to 2^32, a deletion vector deleting at most that many rows, a list of
   * files.
   */
  public Fragment toFragment() {
    if (physicalRows < 0 || physicalRows > MAX_PHYSICAL_ROWS) {
      throw new IllegalArgumentException(
          "fragment "
              + id
              + " has "
              + physicalRows
              + " physicalRows; a fragment holds 0 to "
              + MAX_PHYSICAL_ROWS
              + " rows");
    }
    if (files == null || files.contains(null)) {
      throw new IllegalArgumentException("fragment " + id + " has no valid list of files");
    }
    if (deletionFile != null && deletionFile.cardinality() > physicalRows) {
      throw new IllegalArgumentException(
          "the deletion vector of fragment "
              + id
              + " deletes "
              + deletionFile.cardinality()
              + " of its "
              + physicalRows
              + " rows");
    }
    Map<Integer, ColumnStats> columnStats = null;
    if (stats != null) {
      columnStats = new TreeMap<>();
      for (Map.Entry<Integer, ColumnStatsJson> e : stats.entrySet()) {
        columnStats.put(e.getKey(), e.getValue() == null ? null : e.getValue().toColumnStats());
      }
    }
    return new Fragment(
        id,
        physicalRows,
        files == null ? null : files.stream().map(DataFileJson::toDataFile).toList(),
        deletionFile == null ? null : deletionFile.toDeletionFile(),
        columnStats);
  }
}
