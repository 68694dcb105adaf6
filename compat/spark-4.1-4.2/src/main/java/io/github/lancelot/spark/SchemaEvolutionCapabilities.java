package io.github.lancelot.spark;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.TableCapability;

/**
 * Automatic schema evolution (Spark 4.1 and later): {@code MERGE WITH SCHEMA EVOLUTION} (and on
 * Spark 4.2 {@code INSERT WITH SCHEMA EVOLUTION}) first adds the source's new columns to the table
 * through the catalog's {@code alterTable}, a metadata-only version, then writes them.
 */
final class SchemaEvolutionCapabilities {
  private SchemaEvolutionCapabilities() {}

  /** The capabilities of a writable table that let Spark add columns to it while writing. */
  static Set<TableCapability> of() {
    return Set.of(TableCapability.AUTOMATIC_SCHEMA_EVOLUTION);
  }
}
