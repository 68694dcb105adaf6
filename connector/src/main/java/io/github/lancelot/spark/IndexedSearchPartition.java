package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.index.IvfOptions;
import io.github.lancelot.format.index.VectorIndex;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * What one task of an indexed search reads: one segment of the index and the fragments of it that
 * the version read covers, as that version has them.
 */
record IndexedSearchPartition(
    VectorIndex index,
    VectorIndex.Segment segment,
    List<Fragment> fragments,
    IvfOptions options,
    int nprobes)
    implements InputPartition {}
