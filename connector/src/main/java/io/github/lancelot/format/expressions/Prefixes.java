package io.github.lancelot.format.expressions;

/** Prefixes of strings by code point, as string statistics and prefix tests count them. */
final class Prefixes {
  private Prefixes() {}

  /**
   * The first as many code points of {@code s} as {@code prefix} has (all of {@code s} if it is
   * shorter). Taking it keeps the order of strings (never reverses it), so it maps bounds of values
   * to bounds of their heads.
   */
  static String head(String s, String prefix) {
    int n = prefix.codePointCount(0, prefix.length());
    return s.codePointCount(0, s.length()) <= n ? s : s.substring(0, s.offsetByCodePoints(0, n));
  }
}
