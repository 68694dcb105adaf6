package io.github.lancelot.catalog;

import io.github.lancelot.catalog.procedures.LanceProcedure;
import io.github.lancelot.catalog.procedures.SparkProcedure;
import java.util.List;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.connector.catalog.ProcedureCatalog;
import org.apache.spark.sql.connector.catalog.procedures.UnboundProcedure;

/**
 * Spark 4's procedure catalog API over the catalog's procedures: Spark's own {@code CALL} finds
 * them through {@link #loadProcedure}, {@code SHOW PROCEDURES} (Spark 4.1 and later) through {@link
 * #listProcedures}.
 */
public abstract class ProcedureCatalogSupport implements ProcedureCatalog {
  /** The procedure an identifier names; a clear error if there is none. */
  public abstract LanceProcedure procedure(Identifier ident);

  /** Every procedure of the catalog, in namespace {@code system}. */
  public abstract List<LanceProcedure> procedures();

  @Override
  public UnboundProcedure loadProcedure(Identifier ident) {
    return new SparkProcedure(procedure(ident));
  }

  /** The procedures in a namespace: all of them in {@code system}, none elsewhere. */
  public Identifier[] listProcedures(String[] namespace) {
    if (namespace.length != 1 || !namespace[0].equalsIgnoreCase("system")) {
      return new Identifier[0];
    }
    return procedures().stream()
        .map(p -> Identifier.of(new String[] {"system"}, p.name()))
        .toArray(Identifier[]::new);
  }
}
