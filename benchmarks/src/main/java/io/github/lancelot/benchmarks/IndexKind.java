package io.github.lancelot.benchmarks;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * One nearest-neighbour index measured by {@link IndexKindBenchmark}: built once over a data set,
 * then searched one query at a time with each of its search settings (probes, beam width).
 */
interface IndexKind extends Closeable {
  /** What is measured, with the build settings. */
  String name();

  /** Builds the index over every vector of the data set. */
  void build(VectorDataSet data) throws Exception;

  /** The bytes the built index takes, on disk or in memory as {@link #sizeNote()} says. */
  long sizeInBytes() throws Exception;

  /** Where the size was measured and what it includes. */
  String sizeNote();

  /** The search settings to measure, each a label for the report. */
  List<String> settings();

  /**
   * The row ids of the {@code k} nearest rows to {@code query} by Euclidean distance, nearest
   * first.
   */
  long[] search(float[] query, int k, String setting) throws Exception;

  @Override
  default void close() throws IOException {}
}
