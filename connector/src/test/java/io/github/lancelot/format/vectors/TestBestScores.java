package io.github.lancelot.format.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A top-k search keeps the k best items in Spark's order of scores, best first. */
class TestBestScores {

  static List<String> keep(int k, boolean ascending, boolean nullsFirst, Float... scores) {
    BestScores<String> best = new BestScores<>(k, ascending, nullsFirst);
    for (int i = 0; i < scores.length; i++) {
      best.offer(scores[i], "#" + i + "=" + scores[i]);
    }
    return best.best();
  }

  @Test
  void theKSmallestOrLargestScoresAreKeptBestFirst() {
    assertThat(keep(2, true, false, 3f, 1f, 2f, 5f)).containsExactly("#1=1.0", "#2=2.0");
    assertThat(keep(2, false, false, 3f, 1f, 2f, 5f)).containsExactly("#3=5.0", "#0=3.0");
    assertThat(keep(10, true, false, 3f, 1f)).containsExactly("#1=1.0", "#0=3.0");
    assertThat(keep(0, true, false, 3f, 1f)).isEmpty();
  }

  @Test
  void nullScoresComeFirstOrLastAsAsked() {
    assertThat(keep(2, true, true, 3f, null, 1f)).containsExactly("#1=null", "#2=1.0");
    assertThat(keep(2, true, false, null, 3f, 1f)).containsExactly("#2=1.0", "#1=3.0");
    assertThat(keep(2, false, true, 3f, null, 1f)).containsExactly("#1=null", "#0=3.0");
    assertThat(keep(3, false, false, null, 3f, 1f)).containsExactly("#1=3.0", "#2=1.0", "#0=null");
  }

  @Test
  void nanIsAboveEveryNumberAndNegativeZeroEqualsZero() {
    assertThat(keep(2, true, false, Float.NaN, Float.POSITIVE_INFINITY, 1f))
        .containsExactly("#2=1.0", "#1=Infinity");
    assertThat(keep(1, false, false, Float.POSITIVE_INFINITY, Float.NaN)).containsExactly("#1=NaN");
    assertThat(keep(1, true, false, 0.0f, -0.0f))
        .as("a tie keeps the first")
        .containsExactly("#0=0.0");
    assertThat(keep(1, true, false, -0.0f, 0.0f)).containsExactly("#0=-0.0");
  }

  @Test
  void ofScoresTiedAtTheBoundaryTheFirstOfferedAreKept() {
    assertThat(keep(2, true, false, 2f, 1f, 2f, 2f)).containsExactly("#1=1.0", "#0=2.0");
    BestScores<String> best = new BestScores<>(1, true, false);
    best.offer(2f, "first");
    assertThat(best.wouldKeep(2f)).isFalse();
    assertThat(best.wouldKeep(1.5f)).isTrue();
  }

  @Test
  void randomScoresAgreeWithSortingThemAll() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = random.nextInt(60);
      int k = random.nextInt(20);
      boolean ascending = random.nextBoolean();
      boolean nullsFirst = random.nextBoolean();
      List<Float> scores = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        scores.add(random.nextInt(8) == 0 ? null : random.nextFloat());
      }
      BestScores<Integer> best = new BestScores<>(k, ascending, nullsFirst);
      for (int i = 0; i < n; i++) {
        best.offer(scores.get(i), i);
      }
      Comparator<Float> values = ascending ? Comparator.naturalOrder() : Comparator.reverseOrder();
      Comparator<Integer> order =
          Comparator.<Integer, Float>comparing(
                  scores::get,
                  nullsFirst ? Comparator.nullsFirst(values) : Comparator.nullsLast(values))
              .thenComparing(Comparator.naturalOrder());
      List<Integer> expected =
          java.util.stream.IntStream.range(0, n).boxed().sorted(order).limit(k).toList();
      assertThat(best.best()).as("trial %d", trial).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aNegativeKIsRefused() {
    assertThatThrownBy(() -> new BestScores<String>(-1, true, true)).hasMessageContaining("-1");
  }
}
