package io.github.lancelot.format.vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code k} items with the best scores of those offered, for a top-k search. Scores are ordered
 * ascending (the smallest is best) or descending, with NULL scores first or last, and floating
 * point as Spark orders it (NaN above every other value, -0.0 equal to 0.0). Of items whose scores
 * tie at the boundary, the ones offered first are kept. {@link #wouldKeep} lets a caller skip
 * building an item that would be dropped.
 */
public final class BestScores<T> {
  private final int k;
  private final Comparator<Float> order;
  private final Comparator<Entry<T>> bestFirst;
  private final PriorityQueue<Entry<T>> kept;
  private long offered;

  private record Entry<T>(Float score, long arrival, T item) {}

  public BestScores(int k, boolean ascending, boolean nullsFirst) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    this.k = k;
    Comparator<Float> values = BestScores::compareFloats;
    this.order =
        nullsFirst
            ? Comparator.nullsFirst(ascending ? values : values.reversed())
            : Comparator.nullsLast(ascending ? values : values.reversed());
    this.bestFirst =
        Comparator.<Entry<T>, Float>comparing(Entry::score, order)
            .thenComparingLong(Entry::arrival);
    this.kept = new PriorityQueue<>(bestFirst.reversed());
  }

  /** Whether an item with this score would be kept if offered now. */
  public boolean wouldKeep(Float score) {
    if (kept.size() < k) {
      return true;
    }
    return k > 0 && order.compare(score, kept.peek().score()) < 0;
  }

  /** Keeps the item if its score is among the {@code k} best so far. */
  public void offer(Float score, T item) {
    if (!wouldKeep(score)) {
      return;
    }
    if (kept.size() == k) {
      kept.poll();
    }
    kept.add(new Entry<>(score, offered++, item));
  }

  /** The items kept, best first. */
  public List<T> best() {
    List<Entry<T>> entries = new ArrayList<>(kept);
    entries.sort(bestFirst);
    return entries.stream().map(Entry::item).toList();
  }

  private static int compareFloats(Float a, Float b) {
    float x = a;
    float y = b;
    return x == y ? 0 : Float.compare(x, y);
  }
}
