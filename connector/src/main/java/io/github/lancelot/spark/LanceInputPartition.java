package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** The fragments one Spark task of a scan reads, in table order ({@link FragmentPacking}). */
record LanceInputPartition(List<Fragment> fragments) implements InputPartition {}
