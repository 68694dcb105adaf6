package io.github.lancelot.format;

import io.github.lancelot.format.internal.io.TableLocation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A planned read of one version: the fragments to read and the columns to read from them. Each
 * fragment can be read independently ({@link #open(Fragment, BufferAllocator)}), which is how an
 * engine spreads a scan over workers.
 */
public final class Scan {
  private final TableLocation location;
  private final long version;
  private final List<Fragment> fragments;
  private final TableSchema projection;
  private final boolean rowLineage;

  Scan(
      TableLocation location,
      long version,
      List<Fragment> fragments,
      TableSchema projection,
      boolean rowLineage) {
    this.location = location;
    this.rowLineage = rowLineage;
    this.version = version;
    this.fragments = List.copyOf(fragments);
    this.projection = projection;
  }

  public long version() {
    return version;
  }

  public List<Fragment> fragments() {
    return fragments;
  }

  /** The columns read, with their field ids. */
  public TableSchema projection() {
    return projection;
  }

  /** Rows the scan returns, known from metadata alone. */
  public long liveRows() {
    return fragments.stream().mapToLong(Fragment::liveRows).sum();
  }

  public FragmentReader open(Fragment fragment, BufferAllocator allocator) {
    return rowLineage
        ? FragmentReader.withLineage(
            location, fragment, projection, allocator, FragmentReader.DeletedRows.COPIED_OUT)
        : new FragmentReader(
            location, fragment, projection, allocator, FragmentReader.DeletedRows.COPIED_OUT, null);
  }

  /** All batches of all fragments in order; closing the iterator closes the fragment being read. */
  public CloseableIterator<FragmentBatch> batches(BufferAllocator allocator) {
    return new CloseableIterator<>() {
      private final Iterator<Fragment> remaining = new ArrayList<>(fragments).iterator();
      private FragmentReader reader;

      @Override
      public boolean hasNext() {
        while (reader == null || !reader.hasNext()) {
          if (reader != null) {
            reader.close();
            reader = null;
          }
          if (!remaining.hasNext()) {
            return false;
          }
          reader = open(remaining.next(), allocator);
        }
        return true;
      }

      @Override
      public FragmentBatch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return reader.next();
      }

      @Override
      public void close() {
        if (reader != null) {
          reader.close();
        }
      }
    };
  }

  /** An iterator over resources that must be released. */
  public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
  }
}
