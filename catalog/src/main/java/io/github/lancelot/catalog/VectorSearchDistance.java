package io.github.lancelot.catalog;

import io.github.lancelot.format.vectors.VectorMeasure;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The distances {@code vector_search} ranks rows by, named as LanceDB names them, each the vector
 * function the search orders by and the order that puts the nearest rows first. {@code dot} keeps
 * the inner product itself, largest first, so that a row's {@code _distance} is what {@code
 * vector_inner_product} returns for it.
 */
enum VectorSearchDistance {
  L2("l2", VectorMeasure.L2_DISTANCE, false),
  COSINE("cosine", VectorMeasure.COSINE_DISTANCE, false),
  DOT("dot", VectorMeasure.INNER_PRODUCT, true);

  private final String key;
  private final VectorMeasure measure;
  private final boolean descending;

  VectorSearchDistance(String key, VectorMeasure measure, boolean descending) {
    this.key = key;
    this.measure = measure;
    this.descending = descending;
  }

  /** The vector function computing the distance. */
  VectorMeasure measure() {
    return measure;
  }

  /** Whether the nearest rows have the largest values. */
  boolean descending() {
    return descending;
  }

  /** The distance of this name, in any case; an unknown name is an error naming the table. */
  static VectorSearchDistance named(String name, String table) {
    for (VectorSearchDistance d : values()) {
      if (d.key.equals(name.toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    throw CatalogErrors.unknownVectorDistance(table, name, keys());
  }

  private static List<String> keys() {
    return Arrays.stream(values()).map(d -> d.key).toList();
  }
}
