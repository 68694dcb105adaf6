package io.github.lancelot.catalog;

/**
 * Spark 4.2's changelog API ({@code SELECT ... FROM t CHANGES FROM VERSION a TO VERSION b}), which
 * this Spark line does not have: nothing to add. The change feed is read with {@code table_changes}
 * or the {@code readChangeFeed} read option instead.
 */
interface ChangelogCatalog {}
