package io.github.lancelot.format.expressions;

import java.io.Serializable;

/**
 * A condition on the rows of a table, in SQL's three-valued logic: for each row it is TRUE, FALSE
 * or NULL, and a row matches only when it is TRUE. The format uses conditions to skip fragments by
 * their column statistics ({@link MayMatchEvaluator}) and to prove that a fragment holds only
 * matching rows ({@link MustMatchEvaluator}), and a scan keeps only the rows of its batches where
 * one is TRUE ({@link RowFilter}). Build them with {@link Expressions}; {@code toString()} is a
 * readable SQL-like text, which is what the log records as the predicate of a DELETE or UPDATE.
 * Conditions are serializable, so an engine can ship one to the workers that read the rows.
 */
public sealed interface Expression extends Serializable
    permits AlwaysTrue, AlwaysFalse, And, Or, Not, Comparison, In, IsNull, IsNotNull, StartsWith {

  /**
   * A condition that is TRUE exactly for the rows where this one is FALSE, so that it matches the
   * rows {@code NOT this} matches. Where no such condition can be written with the other expression
   * types (a prefix test, a comparison with NULL that is never FALSE) the result is {@code
   * Not(this)}.
   */
  Expression negate();
}
