package io.github.lancelot.format;

/** The version of this Lancelot build, as recorded in each commit's engine info. */
final class Version {
  private Version() {}

  static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
