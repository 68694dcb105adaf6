package io.github.lancelot.spark;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.TableCapability;

/**
 * Spark 3.5 and 4.0 have no automatic schema evolution: their writes never add columns to a table.
 */
final class SchemaEvolutionCapabilities {
  private SchemaEvolutionCapabilities() {}

  /** The capabilities of a writable table that let Spark add columns to it while writing. */
  static Set<TableCapability> of() {
    return Set.of();
  }
}
