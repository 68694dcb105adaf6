package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.expressions.MustMatchEvaluator;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.sources.Filter;
import org.roaringbitmap.RoaringBitmap;

/**
 * Removes the rows of the version an overwrite read that match its condition, before the written
 * rows are appended: a fragment whose statistics prove that every row matches is removed without
 * being read, and the matching rows of the others are found on the executors ({@link MatchingRows})
 * and deleted through deletion vectors. The result depends on every row read, so a concurrent data
 * change conflicts.
 */
final class ConditionalOverwrite {
  private final Table table;
  private final Snapshot base;
  private final Filter[] condition;

  ConditionalOverwrite(Table table, Snapshot base, Filter[] condition) {
    this.table = table;
    this.base = base;
    this.condition = condition;
  }

  Transaction deleteMatchingRows(Transaction txn) {
    Set<Long> whole = fragmentsMatchingEntirely();
    long deleted = 0;
    for (Fragment f : base.fragments()) {
      if (whole.contains(f.id())) {
        txn.removeFragment(f.id());
        deleted += f.liveRows();
      }
    }
    Map<Long, RoaringBitmap> matching =
        MatchingRows.of(table, base, FilterColumns.all(condition), whole);
    for (Map.Entry<Long, RoaringBitmap> rows : matching.entrySet()) {
      deleted += txn.deleteRows(rows.getKey(), rows.getValue());
    }
    return txn.readsAllData()
        .operationParameter("predicate", Arrays.toString(condition))
        .operationMetric("numDeletedRows", deleted);
  }

  /** The fragments whose statistics prove that all their rows match. */
  private Set<Long> fragmentsMatchingEntirely() {
    Predicate[] predicates = Arrays.stream(condition).map(Filter::toV2).toArray(Predicate[]::new);
    return SparkPredicates.exactly(predicates, base.schema())
        .map(
            exact -> {
              MustMatchEvaluator must = new MustMatchEvaluator(base.schema(), exact);
              return base.fragments().stream()
                  .filter(must::mustMatch)
                  .map(Fragment::id)
                  .collect(Collectors.toSet());
            })
        .orElse(Set.of());
  }
}
