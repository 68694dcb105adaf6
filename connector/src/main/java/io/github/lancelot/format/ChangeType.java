package io.github.lancelot.format;

/**
 * How a row changed in one version of a table, as a change feed reports it (format.md section 23):
 * inserted, deleted, or updated, an update being reported as the row before it ({@link
 * #UPDATE_PREIMAGE}) and after it ({@link #UPDATE_POSTIMAGE}).
 */
public enum ChangeType {
  INSERT("insert"),
  DELETE("delete"),
  UPDATE_PREIMAGE("update_preimage"),
  UPDATE_POSTIMAGE("update_postimage");

  private final String value;

  ChangeType(String value) {
    this.value = value;
  }

  /** The name a change feed shows in its {@code _change_type} column. */
  public String value() {
    return value;
  }
}
