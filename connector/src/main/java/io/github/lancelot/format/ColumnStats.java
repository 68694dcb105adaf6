package io.github.lancelot.format;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;

/**
 * Statistics of one column of one fragment, over its physical rows (deleted rows included, so they stay valid
 * bounds after deletes). {@code min} and {@code max} are absent where unknown: integers, dates (days) and
 * timestamps (microseconds) are JSON integers, floating point numbers JSON numbers, decimals strings, strings
 * strings (a long minimum is cut to a prefix; a long maximum is left out).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnStats(Object min, Object max, long nullCount) implements Serializable {}
