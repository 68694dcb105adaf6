package io.github.lancelot.format.internal.log;

import io.github.lancelot.format.TableErrors;
import io.github.lancelot.format.internal.io.TableLocation;
import java.io.FileNotFoundException;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * The states of a run of consecutive versions, for a reader that needs every one of them (cleanup): the first is
 * loaded from the nearest usable checkpoint, and each later one is the previous state with its commit applied, so
 * every commit of the run is read once.
 */
public final class LogReplay {
  private final TableLocation location;
  private final LogReader reader;

  public LogReplay(TableLocation location) {
    this.location = location;
    this.reader = new LogReader(location);
  }

  /** Passes the state at each version from {@code first} to {@code last}, ascending, to {@code visitor}. */
  public void forEach(long first, long last, Consumer<TableState> visitor) {
    TableState state = reader.load(OptionalLong.of(first));
    visitor.accept(state);
    for (long v = first + 1; v <= last; v++) {
      Path file = LogFiles.commit(location.versionsDir(), v);
      try {
        state = state.apply(reader.readCommit(v), file.toString());
      } catch (FileNotFoundException e) {
        throw TableErrors.missingCommit(location.displayName(), v, file.toString());
      }
      if (state.protocol().readerVersion() > Protocol.READER_VERSION) {
        throw TableErrors.unsupportedReaderVersion(
            location.displayName(), state.protocol().readerVersion(), Protocol.READER_VERSION);
      }
      visitor.accept(state);
    }
  }
}
