package io.github.lancelot.spark;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Groups the fragments of a scan into Spark input partitions the way Spark groups the files of a
 * Parquet scan: a fragment costs the bytes of its data files the scan reads plus {@code
 * spark.sql.files.openCostInBytes}, and consecutive fragments share a partition up to {@code
 * spark.sql.files.maxPartitionBytes}, or less when the scan is small enough that this would leave
 * cores idle. Many small fragments (from small appends or row-level changes) therefore cost a few
 * tasks, not one task each, while large fragments each keep a task of their own.
 */
final class FragmentPacking {
  private FragmentPacking() {}

  static List<LanceInputPartition> pack(
      List<Fragment> fragments,
      Set<Integer> readFieldIds,
      long maxPartitionBytes,
      long openCostBytes,
      int parallelism) {
    long total = 0;
    long[] cost = new long[fragments.size()];
    for (int i = 0; i < cost.length; i++) {
      cost[i] = bytesRead(fragments.get(i), readFieldIds) + openCostBytes;
      total += cost[i];
    }
    long bytesPerCore = total / Math.max(1, parallelism);
    long limit = Math.min(maxPartitionBytes, Math.max(openCostBytes, bytesPerCore));
    List<LanceInputPartition> partitions = new ArrayList<>();
    List<Fragment> current = new ArrayList<>();
    long currentBytes = 0;
    for (int i = 0; i < cost.length; i++) {
      if (!current.isEmpty() && currentBytes + cost[i] > limit) {
        partitions.add(new LanceInputPartition(List.copyOf(current)));
        current.clear();
        currentBytes = 0;
      }
      current.add(fragments.get(i));
      currentBytes += cost[i];
    }
    if (!current.isEmpty()) {
      partitions.add(new LanceInputPartition(List.copyOf(current)));
    }
    return partitions;
  }

  private static long bytesRead(Fragment fragment, Set<Integer> readFieldIds) {
    return fragment.files().stream()
        .filter(f -> f.fieldIds().stream().anyMatch(readFieldIds::contains))
        .mapToLong(DataFile::sizeInBytes)
        .sum();
  }
}
