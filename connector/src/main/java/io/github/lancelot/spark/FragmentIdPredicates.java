package io.github.lancelot.spark;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Predicate;

/**
 * The fragments a predicate on the hidden column {@code _fragment_id} can hold rows of: {@code
 * _fragment_id = n}, {@code _fragment_id IN (...)} and their negations. A scan selecting fragments
 * by id (as an overwrite does to skip the fragments it removes whole) then reads only those. Where
 * unsure it keeps a fragment: Spark still evaluates the predicate on every row read.
 */
final class FragmentIdPredicates {
  private FragmentIdPredicates() {}

  /** Which fragment ids can satisfy the predicate; empty if it says nothing about them. */
  static Optional<LongPredicate> fragmentsKept(Predicate p) {
    if (p instanceof Not n) {
      return ids(n.child()).map(ids -> id -> !ids.contains(id));
    }
    return ids(p).map(ids -> ids::contains);
  }

  /** The ids an {@code =} or {@code IN} of {@code _fragment_id} with constants names. */
  private static Optional<Set<Long>> ids(Predicate p) {
    Expression[] children = p.children();
    if (!p.name().equals("=") && !p.name().equals("IN")) {
      return Optional.empty();
    }
    if (p.name().equals("=") && children.length == 2 && isFragmentId(children[1])) {
      children = new Expression[] {children[1], children[0]};
    }
    if (children.length < 2 || !isFragmentId(children[0])) {
      return Optional.empty();
    }
    Set<Long> ids = new HashSet<>();
    for (int i = 1; i < children.length; i++) {
      if (!(children[i] instanceof Literal<?> literal)) {
        return Optional.empty();
      }
      if (literal.value() instanceof Long id) {
        ids.add(id);
      } else if (literal.value() != null) {
        return Optional.empty();
      }
    }
    return Optional.of(ids);
  }

  private static boolean isFragmentId(Expression e) {
    return e instanceof NamedReference ref
        && ref.fieldNames().length == 1
        && ref.fieldNames()[0].equals(MetadataColumns.FRAGMENT_ID.name());
  }
}
