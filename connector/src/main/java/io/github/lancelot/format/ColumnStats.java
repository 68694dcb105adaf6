package io.github.lancelot.format;

import java.io.Serializable;

/**
 * Statistics of one column of one fragment, over its physical rows (deleted rows included, so they
 * stay valid bounds after deletes). {@code min} and {@code max} are absent where unknown: signed
 * integers, dates (days) and timestamps (in the column's own unit) are JSON integers, floating
 * point numbers JSON numbers (absent if the column holds a NaN), booleans JSON booleans, decimals
 * strings, strings strings compared by code point (a minimum longer than 64 code points is cut to a
 * prefix; such a maximum is left out).
 */
public record ColumnStats(Object min, Object max, long nullCount) implements Serializable {}
