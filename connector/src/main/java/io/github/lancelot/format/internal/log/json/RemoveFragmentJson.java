package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.internal.log.RemoveFragment;

/** The {@code removeFragment} action on disk. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RemoveFragmentJson(long id) {
  public static RemoveFragmentJson of(RemoveFragment r) {
    return new RemoveFragmentJson(r.id());
  }

  public RemoveFragment toRemoveFragment() {
    return new RemoveFragment(id);
  }
}
