package io.github.lancelot.spark;

/**
 * What one micro-batch may still read under the stream's rate limits ({@code maxFilesPerTrigger},
 * {@code maxBytesPerTrigger}): the limits are soft, so the first item is always admitted and the
 * byte limit may be passed by the last one admitted.
 */
final class TriggerBudget {
  private final long maxItems;
  private final long maxBytes;
  private long items;
  private long bytes;

  private TriggerBudget(long maxItems, long maxBytes) {
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
  }

  static TriggerBudget of(StreamingSourceOptions options) {
    return new TriggerBudget(options.maxFilesPerTrigger(), options.maxBytesPerTrigger());
  }

  /** No limit: everything available is read (a query run with {@code Trigger.Once}). */
  static TriggerBudget unlimited() {
    return new TriggerBudget(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** Admits {@code count} items of {@code size} bytes in all if the budget is not spent yet. */
  boolean admit(long count, long size) {
    if (items > 0 && (items >= maxItems || bytes >= maxBytes)) {
      return false;
    }
    items += count;
    bytes += size;
    return true;
  }
}
