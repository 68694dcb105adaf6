package io.github.lancelot.format.internal.refs;

import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.Tag;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.json.Json;
import io.github.lancelot.format.internal.log.json.TagJson;
import io.github.lancelot.format.internal.store.LogStores;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/** Tags as files {@code _refs/tags/<name>.json}, created with the same put-if-absent as commits. */
public final class TagStore {
  public static final String TAGS_DIR = "_refs/tags";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final TableLocation location;

  public TagStore(TableLocation location) {
    this.location = location;
  }

  private static boolean isValidName(String name) {
    return NAME.matcher(name).matches() && !name.chars().allMatch(Character::isDigit);
  }

  private Path file(String name) {
    if (!isValidName(name)) {
      throw TableErrors.invalidTagName(location.displayName(), name);
    }
    return new Path(location.resolve(TAGS_DIR), name + ".json");
  }

  public void create(String name, long version) {
    Path file = file(name);
    try {
      location.fs().mkdirs(file.getParent());
      byte[] content =
          Json.writeBytes(TagJson.of(new Tag(name, version, System.currentTimeMillis())));
      LogStores.forTable(location).writeIfAbsent(file, content);
    } catch (FileAlreadyExistsException e) {
      throw TableErrors.tagAlreadyExists(location.displayName(), name);
    } catch (IOException e) {
      throw TableErrors.ioError("creating tag " + name + " of table " + location.displayName(), e);
    }
  }

  /** Deletes the tag; false if it did not exist. */
  public boolean drop(String name) {
    try {
      return location.fs().delete(file(name), false);
    } catch (IOException e) {
      throw TableErrors.ioError("dropping tag " + name + " of table " + location.displayName(), e);
    }
  }

  public Optional<Tag> find(String name) {
    Path file = file(name);
    try (InputStream in = location.fs().open(file)) {
      return Optional.of(Json.read(in, TagJson.class).toTag(name));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw TableErrors.corruptFile(file.toString(), "not a tag (" + e.getMessage() + ")", e);
    }
  }

  /** Every tag, by name. */
  public List<Tag> list() {
    List<Tag> out = new ArrayList<>();
    try {
      for (FileStatus s : location.fs().listStatus(location.resolve(TAGS_DIR))) {
        String n = s.getPath().getName();
        String name = n.substring(0, Math.max(0, n.length() - ".json".length()));
        // A file whose name is no tag name was not written as a tag; it can name no version.
        if (n.endsWith(".json") && !n.startsWith(".") && isValidName(name)) {
          find(name).ifPresent(out::add);
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw TableErrors.ioError("listing tags of table " + location.displayName(), e);
    }
    out.sort(Comparator.comparing(Tag::name));
    return out;
  }
}
