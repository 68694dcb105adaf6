package io.github.lancelot.format.internal.commit;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest version each table reached through a commit made in this process, by table location:
 * how an engine tells, without reading the log, that a table object it loaded earlier is older than
 * a change this process has since committed (a cached plan to refresh, a DataFrame run again).
 */
public final class CommittedVersions {
  private static final ConcurrentHashMap<String, Long> NEWEST = new ConcurrentHashMap<>();

  private CommittedVersions() {}

  static void committed(String location, long version) {
    NEWEST.merge(location, version, Math::max);
  }

  /** Whether this process committed a version of the table newer than {@code version}. */
  public static boolean newerThan(String location, long version) {
    Long newest = NEWEST.get(location);
    return newest != null && newest > version;
  }
}
