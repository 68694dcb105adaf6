package io.github.lancelot.format.expressions;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/** A top-level column of the table, by its current name (exactly as the schema spells it). */
public record ColumnReference(String name) implements Serializable {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public ColumnReference {
    Objects.requireNonNull(name, "name");
  }

  /** The name, in backquotes when it is not a plain identifier. */
  @Override
  public String toString() {
    return PLAIN.matcher(name).matches() ? name : "`" + name.replace("`", "``") + "`";
  }
}
