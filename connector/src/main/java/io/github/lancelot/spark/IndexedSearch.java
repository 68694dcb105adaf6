package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.expressions.Expression;
import io.github.lancelot.format.expressions.Expressions;
import io.github.lancelot.format.index.IvfOptions;
import io.github.lancelot.format.index.VectorIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.internal.SQLConf;

/**
 * How a pushed nearest-neighbour search uses a vector index of the version read: the fragments the
 * index's segments cover are searched through it, one input partition per segment ({@link
 * IndexedSearchPartition}), and the rest exactly. Chosen only for a search without a condition (a
 * filtered search is exact, as candidates chosen before filtering could leave fewer than {@code k}
 * rows), and only an index whose metric serves the search's measure and direction and whose kind
 * this release reads; otherwise the search is exact.
 */
record IndexedSearch(
    VectorIndex index,
    IvfOptions options,
    int nprobes,
    List<IndexedSearchPartition> partitions,
    List<Fragment> exact) {

  /**
   * Turns index use off for a session when false; a read turns it off with {@link
   * LanceDataSource#USE_VECTOR_INDEX}.
   */
  static final String ENABLED = "spark.lancelot.vectorIndex.enabled";

  /** The partitions a search probes in each segment, instead of the index's own setting. */
  static final String NPROBES = "spark.lancelot.vectorIndex.nprobes";

  static Optional<IndexedSearch> plan(
      Snapshot snapshot, List<Fragment> fragments, NearestNeighbours search, Expression condition) {
    SQLConf conf = SQLConf.get();
    if (search == null
        || !condition.equals(Expressions.alwaysTrue())
        || !Boolean.parseBoolean(conf.getConfString(ENABLED, "true"))) {
      return Optional.empty();
    }
    int fieldId = snapshot.schema().column(search.column()).orElseThrow().id();
    for (VectorIndex index : snapshot.indexes()) {
      Optional<IvfOptions> options = IvfOptions.of(index);
      if (index.fieldId() != fieldId
          || options.isEmpty()
          || !options.get().metric().serves(search.measure(), search.ascending())) {
        continue;
      }
      Set<Long> covered =
          new HashSet<>(index.coveredFragments(snapshot.schema(), snapshot.fragments()));
      Map<Long, Fragment> scanned = new HashMap<>();
      fragments.forEach(f -> scanned.put(f.id(), f));
      int nprobes = nprobes(conf, options.get());
      List<IndexedSearchPartition> parts = new ArrayList<>();
      Set<Long> viaIndex = new HashSet<>();
      for (VectorIndex.Segment segment : index.segments()) {
        List<Fragment> mine = new ArrayList<>();
        for (VectorIndex.IndexedFragment f : segment.fragments()) {
          if (covered.contains(f.id()) && scanned.containsKey(f.id()) && viaIndex.add(f.id())) {
            mine.add(scanned.get(f.id()));
          }
        }
        if (!mine.isEmpty()) {
          parts.add(new IndexedSearchPartition(index, segment, mine, options.get(), nprobes));
        }
      }
      if (parts.isEmpty()) {
        continue;
      }
      List<Fragment> exact = fragments.stream().filter(f -> !viaIndex.contains(f.id())).toList();
      return Optional.of(new IndexedSearch(index, options.get(), nprobes, parts, exact));
    }
    return Optional.empty();
  }

  private static int nprobes(SQLConf conf, IvfOptions options) {
    String value = conf.getConfString(NPROBES, "");
    if (value.isBlank()) {
      return options.nprobes();
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SparkErrors.invalidNprobes(NPROBES, value);
  }

  /** The index use as EXPLAIN shows it. */
  String describe() {
    int viaIndex = partitions.stream().mapToInt(p -> p.fragments().size()).sum();
    return "index "
        + index.name()
        + " ("
        + index.kind()
        + ", metric "
        + options.metric().key()
        + ", nprobes "
        + nprobes
        + ") on "
        + viaIndex
        + " fragments, "
        + exact.size()
        + " searched exactly";
  }
}
