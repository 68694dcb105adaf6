package io.github.lancelot.format.internal.log;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/** Names of the files in {@code _versions/}: commits, checkpoints and the last-checkpoint hint. */
public final class LogFiles {
  public static final String LAST_CHECKPOINT = "_last_checkpoint";
  private static final Pattern COMMIT = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT = Pattern.compile("(\\d{20})\\.checkpoint\\.json");

  private LogFiles() {}

  public static Path commit(Path versionsDir, long version) {
    return new Path(versionsDir, String.format("%020d.json", version));
  }

  public static Path checkpoint(Path versionsDir, long version) {
    return new Path(versionsDir, String.format("%020d.checkpoint.json", version));
  }

  public static OptionalLong commitVersion(String fileName) {
    return match(COMMIT, fileName);
  }

  public static OptionalLong checkpointVersion(String fileName) {
    return match(CHECKPOINT, fileName);
  }

  private static OptionalLong match(Pattern p, String name) {
    Matcher m = p.matcher(name);
    return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }
}
