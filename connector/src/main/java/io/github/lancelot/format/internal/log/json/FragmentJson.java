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

  public Fragment toFragment() {
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
