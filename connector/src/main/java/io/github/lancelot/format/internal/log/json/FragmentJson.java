package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.ColumnStats;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentLineage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code addFragment} action on disk (format.md section 3.4); a fragment without deleted rows
 * has no {@code deletionFile}, and one committed before row lineage was recorded no {@code
 * baseRowId} and {@code defaultRowCommitVersion}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FragmentJson(
    long id,
    long physicalRows,
    List<DataFileJson> files,
    DeletionFileJson deletionFile,
    Map<Integer, ColumnStatsJson> stats,
    Long baseRowId,
    Long defaultRowCommitVersion) {

  public static FragmentJson of(Fragment f) {
    Map<Integer, ColumnStatsJson> stats = new TreeMap<>();
    f.stats().forEach((id, s) -> stats.put(id, s == null ? null : ColumnStatsJson.of(s)));
    return new FragmentJson(
        f.id(),
        f.physicalRows(),
        f.files().stream().map(DataFileJson::of).toList(),
        f.deletionFile() == null ? null : DeletionFileJson.of(f.deletionFile()),
        stats,
        f.lineage() == null ? null : f.lineage().baseRowId(),
        f.lineage() == null ? null : f.lineage().defaultRowCommitVersion());
  }

  /**
   * Row offsets are unsigned 32-bit values (format.md section 7), so no fragment has more rows than
   * this.
   */
  public static final long MAX_PHYSICAL_ROWS = 1L << 32;

  /**
   * The fragment. Counts a reader would size buffers or loops by are checked first: {@code
   * physicalRows} within 0 to 2^32, a deletion vector deleting at most that many rows, a list of
   * files; row lineage, when present, complete and not negative.
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
    if ((baseRowId == null) != (defaultRowCommitVersion == null)) {
      throw new IllegalArgumentException(
          "fragment " + id + " has only one of baseRowId and defaultRowCommitVersion");
    }
    if (baseRowId != null && (baseRowId < 0 || defaultRowCommitVersion < 1)) {
      throw new IllegalArgumentException(
          "fragment "
              + id
              + " has baseRowId "
              + baseRowId
              + " and defaultRowCommitVersion "
              + defaultRowCommitVersion
              + "; row ids start at 0 and versions at 1");
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
        columnStats,
        baseRowId == null ? null : new FragmentLineage(baseRowId, defaultRowCommitVersion));
  }
}
