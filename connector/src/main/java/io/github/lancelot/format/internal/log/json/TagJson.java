package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.lancelot.format.Tag;

/** The content of a tag file {@code _refs/tags/<name>.json}; the name is the file's. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TagJson(long version, long created) {
  public static TagJson of(Tag t) {
    return new TagJson(t.version(), t.createdMillis());
  }

  public Tag toTag(String name) {
    return new Tag(name, version, created);
  }
}
