package io.github.lancelot.catalog;

import io.github.lancelot.catalog.procedures.LanceProcedure;
import java.util.List;
import org.apache.spark.sql.connector.catalog.Identifier;

/**
 * The catalog's procedures on Spark 3.5, which has no procedure catalog API: Lancelot's SQL
 * extension parses {@code CALL} and finds them here.
 */
public abstract class ProcedureCatalogSupport {
  /** The procedure an identifier names; a clear error if there is none. */
  public abstract LanceProcedure procedure(Identifier ident);

  /** Every procedure of the catalog, in namespace {@code system}. */
  public abstract List<LanceProcedure> procedures();
}
