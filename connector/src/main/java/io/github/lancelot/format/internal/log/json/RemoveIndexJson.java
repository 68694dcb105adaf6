package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.RemoveIndex;
import java.util.Objects;

/** The {@code removeIndex} action on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoveIndexJson(String name) {
  public static RemoveIndexJson of(RemoveIndex r) {
    return new RemoveIndexJson(r.name());
  }

  public RemoveIndex toRemoveIndex() {
    return new RemoveIndex(Objects.requireNonNull(name, "removeIndex without a name"));
  }
}
