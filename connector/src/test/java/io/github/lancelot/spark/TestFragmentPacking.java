package io.github.lancelot.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a scan's fragments become Spark tasks: small ones share a task, large ones keep their own.
 */
class TestFragmentPacking {
  static final long MB = 1 << 20;
  static final long OPEN_COST = 4 * MB;
  static final long MAX_PARTITION = 128 * MB;

  /** A fragment whose fixed-width file (field 1) and vector file (field 2) have the given sizes. */
  static Fragment fragment(long id, long scalarBytes, long vectorBytes) {
    return new Fragment(
        id,
        1000,
        List.of(
            new DataFile("data/" + id + "-a.arrow", List.of(1), scalarBytes),
            new DataFile("data/" + id + "-b.arrow", List.of(2), vectorBytes)),
        null,
        Map.of());
  }

  static List<List<Long>> ids(List<LanceInputPartition> partitions) {
    return partitions.stream().map(p -> p.fragments().stream().map(Fragment::id).toList()).toList();
  }

  @Test
  void manySmallFragmentsShareTasksInTableOrder() {
    List<Fragment> small = new ArrayList<>();
    for (long id = 1; id <= 100; id++) {
      small.add(fragment(id, 1000, 50_000));
    }
    List<LanceInputPartition> partitions =
        FragmentPacking.pack(small, Set.of(1, 2), MAX_PARTITION, OPEN_COST, 2);
    assertThat(partitions).hasSizeBetween(2, 5);
    assertThat(partitions.stream().flatMap(p -> p.fragments().stream()).map(Fragment::id).toList())
        .isEqualTo(small.stream().map(Fragment::id).toList());
  }

  @Test
  void largeFragmentsKeepATaskEach() {
    List<Fragment> large =
        List.of(
            fragment(1, 10 * MB, 200 * MB),
            fragment(2, 10 * MB, 200 * MB),
            fragment(3, 10 * MB, 200 * MB));
    assertThat(ids(FragmentPacking.pack(large, Set.of(1, 2), MAX_PARTITION, OPEN_COST, 2)))
        .containsExactly(List.of(1L), List.of(2L), List.of(3L));
  }

  @Test
  void onlyTheFilesOfProjectedColumnsCount() {
    List<Fragment> fragments =
        List.of(
            fragment(1, 10 * MB, 200 * MB),
            fragment(2, 10 * MB, 200 * MB),
            fragment(3, 10 * MB, 200 * MB),
            fragment(4, 10 * MB, 200 * MB));
    assertThat(ids(FragmentPacking.pack(fragments, Set.of(1), MAX_PARTITION, OPEN_COST, 1)))
        .as("56 MB of scalar data fits one task")
        .containsExactly(List.of(1L, 2L, 3L, 4L));
    assertThat(ids(FragmentPacking.pack(fragments, Set.of(1), MAX_PARTITION, OPEN_COST, 2)))
        .as("but not when that would leave a core idle")
        .containsExactly(List.of(1L, 2L), List.of(3L, 4L));
  }

  @Test
  void aScanOfNoFragmentsHasNoTasks() {
    assertThat(FragmentPacking.pack(List.of(), Set.of(1), MAX_PARTITION, OPEN_COST, 2)).isEmpty();
  }
}
