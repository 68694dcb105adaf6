package io.github.lancelot.spark;

import io.github.lancelot.format.VersionChanges;
import org.apache.spark.sql.connector.read.InputPartition;

/** The changed rows of one version, read by one task. */
record ChangeFeedPartition(VersionChanges changes) implements InputPartition {}
