package io.github.lancelot.catalog.sql;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.util.QuotingUtils;

/**
 * A table a statement names, resolved against the session: the catalog it lies in and its
 * identifier parts within that catalog (namespace and name, or a single path).
 */
record TableName(String catalog, List<String> parts) {
  TableName {
    parts = List.copyOf(parts);
  }

  /** The identifier within the catalog as SQL text, as procedures take their table arguments. */
  String quotedInCatalog() {
    return QuotingUtils.quoted(parts.toArray(new String[0]));
  }

  /** The full name, catalog first, as SQL text. */
  String quoted() {
    return QuotingUtils.quoted(withCatalog().toArray(new String[0]));
  }

  /** The parts of the full name, catalog first. */
  List<String> withCatalog() {
    List<String> all = new ArrayList<>(parts.size() + 1);
    all.add(catalog);
    all.addAll(parts);
    return all;
  }
}
