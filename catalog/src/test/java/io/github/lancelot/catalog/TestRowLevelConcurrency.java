package io.github.lancelot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lancelot.format.ConcurrentModificationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Row-level operations racing other writers, with real threads: a DELETE is held inside its scan
 * (by a UDF in its condition) while another writer commits, then allowed to finish.
 */
class TestRowLevelConcurrency extends CatalogTestBase {
  @BeforeEach
  void registerPause() {
    PauseOnce.register(spark);
    sql("CREATE TABLE %s AS SELECT id FROM range(0, 20, 1, 2)", t("q"));
  }

  @Test
  void aRetriedTaskNeverAppliesAnUpdateTwice() {
    spark
        .udf()
        .register(
            "fail_first_attempt",
            functions.udf(
                (UDF1<Long, Boolean>)
                    id -> {
                      org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
                      if (id == 3L && task.attemptNumber() == 0) {
                        throw new IllegalStateException("injected failure of a first attempt");
                      }
                      return true;
                    },
                DataTypes.BooleanType));
    sql("UPDATE %s SET id = id + 100 WHERE id < 6 AND fail_first_attempt(id)", t("q"));
    assertThat(rows("SELECT id FROM %s ORDER BY id", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactly(
            6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 100L, 101L, 102L,
            103L, 104L, 105L);
    assertThat(lanceTable("q").latestSnapshot().commitInfo().operationMetrics())
        .containsEntry("numUpdatedRows", 6L);
  }

  CompletableFuture<Void> pausedDelete(String condition) throws Exception {
    return PauseOnce.start(
        () -> sql("DELETE FROM %s WHERE (%s) AND pause_once(id)", t("q"), condition));
  }

  @Test
  void anAppendCommittedWhileADeleteRunsIsKeptAndNotDeleted() throws Exception {
    CompletableFuture<Void> delete = pausedDelete("id < 5 OR id >= 100");
    spark.range(100, 103).toDF("id").writeTo(t("q")).append();
    PauseOnce.resume();
    delete.get(60, TimeUnit.SECONDS);

    assertThat(lanceTable("q").history())
        .extracting(c -> c.operation())
        .containsExactly("DELETE", "APPEND", "CREATE TABLE");
    assertThat(rows("SELECT id FROM %s ORDER BY id", t("q")))
        .extracting(r -> r.getLong(0))
        .containsExactly(
            5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 100L, 101L, 102L);
  }

  @Test
  void twoDeletesOfTheSameFragmentConflictAndTheLoserCommitsNothing() throws Exception {
    CompletableFuture<Void> first = pausedDelete("id = 1");
    sql("DELETE FROM %s WHERE id = 2", t("q"));
    PauseOnce.resume();

    Throwable failure = first.handle((ok, e) -> e).get(60, TimeUnit.SECONDS);
    Throwable cause = failure;
    while (cause != null && !(cause instanceof ConcurrentModificationException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("failure %s", failure).isInstanceOf(ConcurrentModificationException.class);
    assertThat(cause.getMessage()).contains("DELETE read version 1").contains("version 2 (DELETE");
    assertThat(lanceTable("q").versions()).containsExactly(1L, 2L);
    assertThat(rows("SELECT count(*) FROM %s WHERE id IN (1, 2)", t("q")).get(0).getLong(0))
        .isEqualTo(1);
  }
}
