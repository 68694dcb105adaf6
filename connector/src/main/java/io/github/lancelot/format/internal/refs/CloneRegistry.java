package io.github.lancelot.format.internal.refs;

import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.json.CloneJson;
import io.github.lancelot.format.internal.log.json.Json;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The shallow clones of a table, as files {@code _refs/clones/<id>.json} naming each clone's
 * location. Cleanup of the table keeps every file a live clone references; a clone that no longer
 * exists releases its files.
 */
public final class CloneRegistry {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(CloneRegistry.class);

  public static final String CLONES_DIR = "_refs/clones";

  private final TableLocation location;

  public CloneRegistry(TableLocation location) {
    this.location = location;
  }

  public void register(String cloneLocation) {
    Path file = new Path(location.resolve(CLONES_DIR), UUID.randomUUID() + ".json");
    try (FSDataOutputStream out = location.fs().create(file, false)) {
      out.write(Json.writeBytes(new CloneJson(cloneLocation, System.currentTimeMillis())));
    } catch (IOException e) {
      throw TableErrors.ioError(
          "registering clone " + cloneLocation + " of table " + location.displayName(), e);
    }
  }

  /**
   * Whether a registration of this table names {@code clone} (a fully qualified table folder),
   * whether or not the clone still exists. Unreadable registrations are skipped.
   */
  public boolean registers(Path clone) {
    FileStatus[] files;
    try {
      files = location.fs().listStatus(location.resolve(CLONES_DIR));
    } catch (IOException e) {
      return false;
    }
    for (FileStatus f : files) {
      String name = f.getPath().getName();
      if (!name.endsWith(".json") || name.startsWith(".")) {
        continue;
      }
      try (InputStream in = location.fs().open(f.getPath())) {
        String registered = Json.read(in, CloneJson.class).location();
        if (registered != null
            && new TableLocation(registered, location.conf()).root().equals(clone)) {
          return true;
        }
      } catch (IOException | RuntimeException e) {
        // not a registration this table can rely on
      }
    }
    return false;
  }

  /** The locations of registered clones that still exist. */
  public List<String> liveClones() {
    List<String> out = new ArrayList<>();
    FileStatus[] files;
    try {
      files = location.fs().listStatus(location.resolve(CLONES_DIR));
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw TableErrors.ioError("listing clones of table " + location.displayName(), e);
    }
    for (FileStatus f : files) {
      if (!f.getPath().getName().endsWith(".json")) {
        continue;
      }
      String clone;
      try (InputStream in = location.fs().open(f.getPath())) {
        clone = Json.read(in, CloneJson.class).location();
      } catch (IOException e) {
        throw TableErrors.corruptFile(
            f.getPath().toString(), "not a clone reference (" + e.getMessage() + ")", e);
      }
      TableLocation cloneLocation;
      try {
        cloneLocation = new TableLocation(clone, location.conf());
      } catch (IllegalArgumentException | NullPointerException e) {
        // Not a location at all: no table is there, so no clone uses this table's files.
        LOG.warn("Ignoring clone registration {}: {} is not a table location", f.getPath(), clone);
        continue;
      } catch (LancelotException e) {
        throw TableErrors.cloneUnreachable(
            location.displayName(), f.getPath().toString(), clone, e);
      }
      if (cloneLocation.root().equals(location.root())) {
        continue; // the table itself: its own versions are what cleanup keeps anyway
      }
      boolean exists;
      try {
        exists = Table.forPath(cloneLocation.root().toString(), location.conf()).exists();
      } catch (LancelotException e) {
        throw TableErrors.cloneUnreachable(
            location.displayName(), f.getPath().toString(), clone, e);
      }
      if (exists) {
        out.add(cloneLocation.root().toString());
      }
    }
    return out;
  }
}
