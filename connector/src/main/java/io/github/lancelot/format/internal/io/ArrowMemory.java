package io.github.lancelot.format.internal.io;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The one Arrow root allocator of Lancelot in this JVM. Every reader, writer and task takes a named
 * child allocator from it and closes that child when done, so the off-heap memory Lancelot holds,
 * now and at its peak, can be read in one place, and a child closed with buffers still allocated
 * names the reader or writer that leaked them.
 */
public final class ArrowMemory {
  private static final Usage USAGE = new Usage();
  private static final RootAllocator ROOT = new RootAllocator(USAGE, Long.MAX_VALUE);

  private ArrowMemory() {}

  /** A child allocator for one reader, writer or task; the caller closes it. */
  public static BufferAllocator newChild(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  /** The bytes of off-heap memory Lancelot's allocators hold now. */
  public static long allocatedBytes() {
    return ROOT.getAllocatedMemory();
  }

  /** The most off-heap memory held at once since the last {@link #resetPeak()} (or start). */
  public static long peakBytes() {
    return USAGE.peak.get();
  }

  /** Starts a new peak measurement from the memory held now. */
  public static void resetPeak() {
    USAGE.peak.set(USAGE.current.get());
  }

  /**
   * Counts allocations and releases of every allocator under the root (children inherit their
   * parent's listener), keeping a peak that, unlike the allocator's own, can be reset.
   */
  private static final class Usage implements AllocationListener {
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    @Override
    public void onAllocation(long size) {
      long now = current.addAndGet(size);
      peak.accumulateAndGet(now, Math::max);
    }

    @Override
    public void onRelease(long size) {
      current.addAndGet(-size);
    }
  }
}
