package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import org.apache.spark.sql.connector.read.InputPartition;

/** One fragment of a scan: the unit of work of one Spark task. */
record LanceInputPartition(Fragment fragment) implements InputPartition {}
