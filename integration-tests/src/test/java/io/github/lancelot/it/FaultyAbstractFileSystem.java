package io.github.lancelot.it;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;

/**
 * The {@code FileContext} binding of {@link FaultyFileSystem} ({@code
 * fs.AbstractFileSystem.faulty.impl}), which the {@code rename} commit store needs: its {@code
 * FileContext.rename(tmp, target, Rename.NONE)} reaches {@link FaultyFileSystem#rename} through
 * Hadoop's own default implementations.
 */
public class FaultyAbstractFileSystem extends DelegateToFileSystem {
  public FaultyAbstractFileSystem(URI uri, Configuration conf)
      throws IOException, URISyntaxException {
    super(uri, new FaultyFileSystem(), conf, FaultyFileSystem.SCHEME, false);
  }
}
