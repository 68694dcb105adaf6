package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.lancelot.format.ColumnStats;

/**
 * One column's statistics on disk (format.md section 3.4). {@code min} and {@code max} are plain
 * JSON values (numbers, strings, booleans), read back as Jackson's untyped values; an unknown bound
 * is left out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnStatsJson(Object min, Object max, long nullCount) {
  public static ColumnStatsJson of(ColumnStats s) {
    return new ColumnStatsJson(s.min(), s.max(), s.nullCount());
  }

  public ColumnStats toColumnStats() {
    return new ColumnStats(min, max, nullCount);
  }
}
