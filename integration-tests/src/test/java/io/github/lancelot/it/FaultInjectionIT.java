package io.github.lancelot.it;

import static io.github.lancelot.it.FaultyFileSystem.Effect.CLOSE_THEN_FAIL;
import static io.github.lancelot.it.FaultyFileSystem.Effect.FAIL;
import static io.github.lancelot.it.FaultyFileSystem.Effect.FAIL_AFTER_BYTES;
import static io.github.lancelot.it.FaultyFileSystem.Effect.OMIT_NEWEST_COMMIT;
import static io.github.lancelot.it.FaultyFileSystem.Effect.RENAME_THEN_FAIL;
import static io.github.lancelot.it.FaultyFileSystem.Effect.RETURN_FALSE;
import static io.github.lancelot.it.FaultyFileSystem.Effect.TRUNCATE;
import static io.github.lancelot.it.FaultyFileSystem.Op.CREATE;
import static io.github.lancelot.it.FaultyFileSystem.Op.LIST;
import static io.github.lancelot.it.FaultyFileSystem.Op.OPEN;
import static io.github.lancelot.it.FaultyFileSystem.Op.RENAME;
import static io.github.lancelot.it.FaultyFileSystem.Op.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.CommitStateUnknownException;
import io.github.lancelot.format.ConcurrentModificationException;
import io.github.lancelot.format.CorruptTableException;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.LancelotException;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Scan;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.TableAlreadyExistsException;
import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.Transaction;
import io.github.lancelot.format.WriteOptions;
import io.github.lancelot.it.FaultyFileSystem.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roaringbitmap.RoaringBitmap;

/**
 * Fault injection through {@link FaultyFileSystem}: every injected I/O fault either fails the
 * operation with a clear exception (and the table still reads exactly its last committed version)
 * or is absorbed by a retry; a commit whose put-if-absent failed after the file became visible is
 * recognised by its transaction id, so it is neither lost nor committed twice; and no version ever
 * references a half-written file.
 *
 * <p>Tables live at {@code faulty:///<temp dir>}. The commit store is the one the format picks for
 * an unknown scheme, {@code rename} (temp file, then {@code FileContext.rename(tmp, target, NONE)},
 * reaching {@link FaultyFileSystem#rename} through {@link FaultyAbstractFileSystem} and Hadoop's
 * default rename), which is the HDFS code path; a few tests also run with {@code hard-link} (the
 * {@code file:} default, possible because the faulty filesystem is a {@code RawLocalFileSystem})
 * and {@code single-writer} (the S3 store), each with the faults that apply to it.
 */
class FaultInjectionIT {
  static final int DIM = 2;
  static final AtomicInteger OPERATIONS = new AtomicInteger();
  static final AtomicInteger ROWS_CHECKED = new AtomicInteger();
  static SparkSession spark;

  @TempDir Path dir;
  BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    FaultyFileSystem.clearFaults();
    FaultyFileSystem.forgetOpenStreams();
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    FaultyFileSystem.clearFaults();
    allocator.close(); // fails on leaked Arrow memory
  }

  @AfterAll
  static void summary() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
    System.out.println(
        "SUMMARY fault-injection: "
            + FaultyFileSystem.injected()
            + " faults injected, "
            + OPERATIONS.get()
            + " operations, "
            + ROWS_CHECKED.get()
            + " rows checked");
  }

  // ================================================================================================
  // Data files and deletion vectors
  // ================================================================================================

  @Test
  void aFailedDataFileWriteFailsTheOperationCleanlyAndARetrySucceeds() throws IOException {
    Model m = create("t");
    m.append(LongStream.rangeClosed(1, 50).toArray());

    // create() of the first data file fails
    failsCleanly(
        m,
        () -> inject("data create", CREATE, FaultyFileSystem.dataFiles(), FAIL),
        () -> m.append(101, 102),
        "I/O error creating data file");
    // the first data file is half-written: the write fails after 1000 bytes (in a record batch)
    failsCleanly(
        m,
        () ->
            inject(
                "data half-written", WRITE, FaultyFileSystem.dataFiles(), FAIL_AFTER_BYTES, 1000),
        () -> m.append(LongStream.rangeClosed(101, 400).toArray()),
        "I/O error writing data file");
    // the vector column's file is complete but its close() fails
    // (Arrow's writer wraps the IOException of close() in a bare RuntimeException that
    // DataFileWriter does not
    // translate: see aDataFileWhoseCloseFailsIsReportedAsABareRuntimeException)
    failsCleanly(
        m,
        () ->
            inject(
                "vector file close", WRITE, nth(FaultyFileSystem.dataFiles(), 2), CLOSE_THEN_FAIL),
        () -> m.append(LongStream.rangeClosed(101, 400).toArray()),
        RuntimeException.class,
        "failed after every byte was written");
    assertThat(m.orphanDataFiles()).as("files of aborted fragment writers are deleted").isEmpty();

    // the caller's retry succeeds, as the next version, without a gap
    m.append(LongStream.rangeClosed(101, 400).toArray());
    assertThat(m.table.versions()).containsExactly(1L, 2L, 3L);
    m.verify();
  }

  @Test
  void aFailedDeletionVectorWriteFailsTheDeleteCleanly() {
    Model m = create("t");
    m.append(LongStream.rangeClosed(1, 20).toArray());

    failsCleanly(
        m,
        () -> inject("dv create", CREATE, FaultyFileSystem.deletionFiles(), FAIL),
        () -> m.delete(3, 4),
        "I/O error writing deletion vector");
    failsCleanly(
        m,
        () ->
            inject("dv half-written", WRITE, FaultyFileSystem.deletionFiles(), FAIL_AFTER_BYTES, 5),
        () -> m.delete(3, 4),
        "I/O error writing deletion vector");
    failsCleanly(
        m,
        () -> inject("dv close", WRITE, FaultyFileSystem.deletionFiles(), CLOSE_THEN_FAIL),
        () -> m.delete(3, 4),
        "I/O error writing deletion vector");

    m.delete(3, 4);
    m.delete(5);
    assertThat(m.table.versions()).containsExactly(1L, 2L, 3L, 4L);
    m.verify();
  }

  // ================================================================================================
  // Commit files: failures before the file is visible
  // ================================================================================================

  @ParameterizedTest
  @ValueSource(strings = {"rename", "hard-link"})
  void aCommitWriteThatFailsBeforeTheFileIsVisibleFailsAndARetryLandsAtTheSameVersion(
      String store) {
    Model m = create("t", store);
    m.append(1, 2, 3);
    List<Supplier<Fault>> faults = new ArrayList<>();
    faults.add(
        () -> inject("commit temp create", CREATE, FaultyFileSystem.commitTempFiles(), FAIL));
    faults.add(
        () ->
            inject(
                "commit temp close", WRITE, FaultyFileSystem.commitTempFiles(), CLOSE_THEN_FAIL));
    if (store.equals("rename")) {
      faults.add(() -> inject("rename throws", RENAME, FaultyFileSystem.commitFiles(), FAIL));
      faults.add(
          () ->
              inject("rename returns false", RENAME, FaultyFileSystem.commitFiles(), RETURN_FALSE));
    }
    long id = 100;
    for (Supplier<Fault> arm : faults) {
      long[] ids = {id++, id++};
      List<Fragment> written = m.write(ids);
      long next = m.latestVersion() + 1;
      // failsCleanly: a LancelotException (not "state unknown"), the table exactly as before
      failsCleanly(m, arm, () -> m.commitAppend(written), "Could not write version " + next);
      // the operation failed cleanly and its files are intact: committing the same fragments again
      // works
      Snapshot s = m.commitAppend(written);
      m.expectAppended(ids);
      assertThat(s.version()).isEqualTo(next);
      m.verify();
    }
    assertThat(FaultyFileSystem.openStreams()).isEmpty();
  }

  // ================================================================================================
  // Commit files: failures after the file became visible (unknown outcome)
  // ================================================================================================

  @Test
  void aRenameThatFailsAfterTheCommitBecameVisibleIsRecognisedAsOursByItsTransactionId() {
    Model m = create("t");
    m.append(1, 2, 3, 4, 5);

    Fault f = inject("rename then fail", RENAME, FaultyFileSystem.commitFile(3), RENAME_THEN_FAIL);
    Snapshot appended = m.append(6, 7);
    assertThat(f.fired()).isEqualTo(1);
    assertThat(appended.version()).isEqualTo(3);
    assertOnDiskExactlyOnce(m, appended.commitInfo());

    f =
        inject(
            "rename then fail (delete)", RENAME, FaultyFileSystem.commitFile(4), RENAME_THEN_FAIL);
    Snapshot deleted = m.delete(2, 6);
    assertThat(f.fired()).isEqualTo(1);
    assertThat(deleted.version()).isEqualTo(4);
    assertOnDiskExactlyOnce(m, deleted.commitInfo());

    // and the next commit goes to the next version: nothing was committed twice
    assertThat(m.append(8).version()).isEqualTo(5);
    m.verify();
  }

  @Test
  void aSingleWriterCommitWhoseCloseFailsAfterTheFileIsCompleteIsRecognisedAsOurs() {
    Model m = create("t", "single-writer");
    m.append(1, 2);
    Fault f = inject("commit close", WRITE, FaultyFileSystem.commitFile(3), CLOSE_THEN_FAIL);
    Snapshot s = m.append(3);
    assertThat(f.fired()).isEqualTo(1);
    assertThat(s.version()).isEqualTo(3);
    assertOnDiskExactlyOnce(m, s.commitInfo());
    // the store's own read-back fails: the committer's read-back settles it
    f = inject("single-writer read-back", OPEN, FaultyFileSystem.commitFile(4), FAIL);
    s = m.append(5, 6);
    assertThat(f.fired()).isEqualTo(1);
    assertThat(s.version()).isEqualTo(4);
    assertOnDiskExactlyOnce(m, s.commitInfo());
    failsCleanly(
        m,
        () -> inject("commit create", CREATE, FaultyFileSystem.commitFile(5), FAIL),
        () -> m.append(4),
        "Could not write version 5");
    m.append(4);
    m.verify();
  }

  @Test
  void whenTheCommitCannotBeReadBackTheOutcomeIsReportedUnknownAndTheCommitIsThereExactlyOnce() {
    Model m = create("t");
    m.append(1, 2, 3);
    for (FaultyFileSystem.Effect readBack : List.of(FAIL, TRUNCATE)) {
      long next = m.latestVersion() + 1;
      long[] ids = {10 * next, 10 * next + 1};
      List<Fragment> written = m.write(ids);
      inject("rename then fail", RENAME, FaultyFileSystem.commitFile(next), RENAME_THEN_FAIL);
      Fault read =
          FaultyFileSystem.inject(
              "read back " + readBack,
              OPEN,
              FaultyFileSystem.commitFile(next),
              readBack,
              -1,
              1,
              null);
      Throwable t = catchThrowable(() -> m.commitAppend(written));
      OPERATIONS.incrementAndGet();
      assertThat(read.fired()).isEqualTo(1);
      assertThat(t)
          .isInstanceOf(CommitStateUnknownException.class)
          .hasMessageContaining("Cannot tell whether version " + next);
      // The exception carries neither the version nor the transaction id, so the caller resolves
      // the outcome
      // by the files it wrote: exactly one version must reference them, and it is the one named.
      List<Long> referencing = versionsAdding(m.table, written);
      assertThat(referencing).containsExactly(next);
      m.expectAppended(ids);
      m.verify();
    }
  }

  // ================================================================================================
  // Concurrent writers seen through faults
  // ================================================================================================

  @ParameterizedTest
  @ValueSource(strings = {"FAIL", "RETURN_FALSE"})
  void aWriterThatWinsDuringOurRenameIsRebasedOver(String effect) {
    Model m = create("t");
    m.append(1, 2, 3);
    Model other = m.viaFileScheme();
    // between Hadoop's existence check and the rename, another process commits version 3
    Fault f =
        FaultyFileSystem.inject(
            "competitor wins, rename " + effect,
            RENAME,
            FaultyFileSystem.commitFile(3),
            FaultyFileSystem.Effect.valueOf(effect),
            0,
            1,
            () -> other.append(50, 51));
    Snapshot ours = m.append(60, 61);
    m.expectAppended(50, 51);
    assertThat(f.fired()).isEqualTo(1);
    assertThat(ours.version()).isEqualTo(4);
    assertThat(ours.commitInfo().readVersion()).isEqualTo(2);
    m.verify();

    // a competing delete of the same fragment during our delete's rename: a conflict, reported
    // cleanly
    long fragmentOf1 = m.fragmentHolding(1);
    inject(
        "competitor deletes, rename fails",
        RENAME,
        FaultyFileSystem.commitFile(5),
        FAIL,
        () -> {
          other.delete(2);
          m.expectDeleted(2);
        });
    Throwable t = catchThrowable(() -> m.delete(1));
    assertThat(t)
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("fragments [" + fragmentOf1 + "]");
    assertThat(m.latestVersion()).isEqualTo(5);
    m.verify();
  }

  // ================================================================================================
  // Stale listings
  // ================================================================================================

  @Test
  void aListingThatOmitsTheNewestCommitLeadsToARebaseNotALostCommit() {
    Model m = create("t");
    m.append(1, 2, 3);
    m.append(4, 5, 6);

    // an append prepared on the stale listing (version 2 instead of 3) lands at 4 and keeps both
    // appends
    Fault f = inject("stale list", LIST, FaultyFileSystem.versionsFolder(), OMIT_NEWEST_COMMIT);
    Snapshot stale = m.table.latestSnapshot();
    assertThat(stale.version()).as("the listing was stale").isEqualTo(2);
    assertThat(f.fired()).isEqualTo(1);
    Snapshot s =
        m.table.newTransaction(stale, Operation.APPEND).appendFragments(m.write(7, 8)).commit();
    OPERATIONS.incrementAndGet();
    m.expectAppended(7, 8);
    assertThat(s.version()).isEqualTo(4);
    assertThat(s.commitInfo().readVersion()).isEqualTo(2);
    m.verify();

    // a delete prepared on a stale listing, of a fragment the hidden version changed, is a conflict
    Snapshot deleted = m.delete(4);
    assertThat(deleted.version()).isEqualTo(5);
    inject("stale list", LIST, FaultyFileSystem.versionsFolder(), OMIT_NEWEST_COMMIT);
    assertThatThrownBy(() -> m.delete(5))
        .isInstanceOf(ConcurrentModificationException.class)
        .hasMessageContaining("also deleted or rewrote rows of fragments");
    OPERATIONS.incrementAndGet();
    m.verify();

    // a delete of another fragment, prepared on a stale listing, is rebased and keeps the hidden
    // delete
    inject("stale list", LIST, FaultyFileSystem.versionsFolder(), OMIT_NEWEST_COMMIT);
    assertThat(m.delete(1).version()).isEqualTo(6);
    m.verify();

    // creating a table that a stale listing hides fails as "already exists", not by replacing it
    Model fresh = create("u");
    inject("stale list", LIST, FaultyFileSystem.versionsFolder(), OMIT_NEWEST_COMMIT);
    assertThatThrownBy(() -> fresh.table.createTable(schema(), Map.of()).commit())
        .isInstanceOf(TableAlreadyExistsException.class);
    OPERATIONS.incrementAndGet();
    fresh.verify();
  }

  // ================================================================================================
  // Truncated reads
  // ================================================================================================

  @Test
  void aTruncatedReadIsReportedAsCorruptionNeverReadAsFewerRows() throws IOException {
    Model m = create("t");
    m.append(LongStream.rangeClosed(1, 100).toArray());
    m.delete(7);

    // a data file
    inject("truncated data file", OPEN, FaultyFileSystem.dataFiles(), TRUNCATE, -1);
    assertThatThrownBy(() -> m.readIds(m.table.latestSnapshot()))
        .isInstanceOf(CorruptTableException.class);
    m.verify();
    // a deletion vector
    inject("truncated deletion vector", OPEN, FaultyFileSystem.deletionFiles(), TRUNCATE, 3);
    assertThatThrownBy(() -> m.readIds(m.table.latestSnapshot()))
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("not a deletion vector");
    m.verify();
    // the newest commit file, cut in the middle of a line
    inject("truncated commit (mid-line)", OPEN, FaultyFileSystem.commitFile(3), TRUNCATE, -1);
    assertThatThrownBy(() -> m.table.latestSnapshot())
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("truncated");
    // ... and cut after its first line, which the recorded number of actions detects
    long firstLine = firstLineLength(m, 3);
    inject(
        "truncated commit (line boundary)",
        OPEN,
        FaultyFileSystem.commitFile(3),
        TRUNCATE,
        firstLine);
    assertThatThrownBy(() -> m.table.latestSnapshot())
        .isInstanceOf(CorruptTableException.class)
        .hasMessageContaining("truncated");
    m.verify();

    // a winning commit read truncated while rebasing ends the commit with that error and writes
    // nothing
    failsCleanly(
        m,
        () -> {
          inject("stale list", LIST, FaultyFileSystem.versionsFolder(), OMIT_NEWEST_COMMIT);
          return inject("truncated winner", OPEN, FaultyFileSystem.commitFile(3), TRUNCATE, -1);
        },
        () -> m.append(500),
        "truncated");
    m.verify();
  }

  @Test
  void checkpointFaultsNeverFailACommitAndATruncatedCheckpointIsNotUsed() {
    Model m = create("t", "rename", Map.of("checkpoint.interval", "2"));
    m.append(1, 2); // version 2: checkpoint
    inject("checkpoint temp create", CREATE, FaultyFileSystem.checkpointTempFiles(), FAIL);
    m.append(3);
    m.append(4); // version 4: its checkpoint fails
    m.verify();
    inject("checkpoint rename false", RENAME, FaultyFileSystem.checkpointFiles(), RETURN_FALSE);
    m.append(5);
    m.append(6); // version 6
    inject(
        "checkpoint half-written hint",
        WRITE,
        FaultyFileSystem.lastCheckpointHint(),
        FAIL_AFTER_BYTES,
        5);
    m.append(7);
    m.append(8); // version 8: checkpoint written, hint half-written
    m.verify();
    inject(
        "checkpoint rename then fail",
        RENAME,
        FaultyFileSystem.checkpointFiles(),
        RENAME_THEN_FAIL);
    m.append(9);
    m.append(10); // version 10
    m.verify();
    for (long v = 1; v <= 10; v++) {
      boolean expected = v == 2 || v == 8 || v == 10; // 4: temp not created, 6: rename refused
      assertThat(Files.exists(m.local("_versions/" + String.format("%020d.checkpoint.json", v))))
          .as("checkpoint %d", v)
          .isEqualTo(expected);
    }
    // a truncated checkpoint or hint is skipped: the state comes from the commits, exactly
    inject("truncated checkpoint", OPEN, FaultyFileSystem.checkpointFiles(), TRUNCATE, -1);
    assertThat(m.readIds(m.table.latestSnapshot())).containsExactlyInAnyOrderElementsOf(m.expected);
    inject("truncated hint", OPEN, FaultyFileSystem.lastCheckpointHint(), TRUNCATE, -1);
    inject("truncated checkpoint", OPEN, FaultyFileSystem.checkpointFiles(), TRUNCATE, -1);
    assertThat(m.readIds(m.table.snapshotAt(9)))
        .containsExactlyInAnyOrderElementsOf(m.expected.stream().filter(id -> id != 10).toList());
    m.verify();
    assertThat(FaultyFileSystem.openStreams()).isEmpty();
  }

  // ================================================================================================
  // Spark
  // ================================================================================================

  @Test
  void sparkWritesFailCleanlyOrRetryUnderFaults() throws IOException {
    SparkSession s = spark();
    String uri = FaultyFileSystem.SCHEME + "://" + dir.resolve("s").toAbsolutePath();
    Model m = new Model(Table.forPath(uri, faultyConf("rename")), dir.resolve("s"));

    // one data file create fails: Spark retries the task (local[2,2]) and the table is created
    // once.
    // A task's last data file is created when Spark has already let it commit; Spark then fails
    // the stage instead of retrying (SPARK-39195), and the job leaves nothing behind.
    Fault f = inject("spark data create", CREATE, FaultyFileSystem.dataFiles(), FAIL);
    Throwable refused =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> rows(0, 20).write().format("lance").save(uri));
    if (refused != null) {
      java.io.StringWriter trace = new java.io.StringWriter();
      refused.printStackTrace(new java.io.PrintWriter(trace));
      assertThat(trace.toString()).containsAnyOf("Authorized committer", "Commit denied");
      assertThat(m.table.exists()).isFalse();
      assertThat(m.orphanDataFiles()).isEmpty();
      rows(0, 20).write().format("lance").save(uri);
    }
    OPERATIONS.incrementAndGet();
    m.expectAppended(LongStream.range(0, 20).toArray());
    assertThat(f.fired()).isEqualTo(1);
    assertThat(m.table.versions()).containsExactly(1L);
    m.verify();
    assertThat(m.orphanDataFiles()).isEmpty();

    // every data file create fails: the job fails, nothing is committed, its files are gone
    f =
        FaultyFileSystem.inject(
            "spark data create (always)",
            CREATE,
            FaultyFileSystem.dataFiles(),
            FAIL,
            0,
            1_000,
            null);
    // Spark reports either the injected fault or, when a retried attempt races the failed one, a
    // denied commit.
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> rows(20, 40).write().format("lance").mode("append").save(uri));
    java.io.StringWriter trace = new java.io.StringWriter();
    assertThat(failure).isNotNull();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    assertThat(trace.toString()).containsAnyOf("injected fault", "Commit denied");
    OPERATIONS.incrementAndGet();
    FaultyFileSystem.clearFaults();
    assertThat(f.fired()).isGreaterThanOrEqualTo(2);
    m.verify();
    assertThat(m.orphanDataFiles()).isEmpty();

    // the commit's rename fails after the file became visible: the write succeeds, as exactly one
    // version
    f = inject("spark rename then fail", RENAME, FaultyFileSystem.commitFile(2), RENAME_THEN_FAIL);
    rows(20, 40).write().format("lance").mode("append").save(uri);
    OPERATIONS.incrementAndGet();
    m.expectAppended(LongStream.range(20, 40).toArray());
    assertThat(f.fired()).isEqualTo(1);
    assertThat(m.table.versions()).containsExactly(1L, 2L);
    assertOnDiskExactlyOnce(m, m.table.latestSnapshot().commitInfo());
    m.verify();

    // the commit's rename fails before the file is visible: the write fails, nothing is committed,
    // the job's
    // data files are deleted
    f = inject("spark rename fails", RENAME, FaultyFileSystem.commitFile(3), FAIL);
    assertThatThrownBy(() -> rows(40, 60).write().format("lance").mode("append").save(uri))
        .hasStackTraceContaining("Could not write version 3");
    OPERATIONS.incrementAndGet();
    assertThat(f.fired()).isEqualTo(1);
    m.verify();
    assertThat(m.orphanDataFiles()).isEmpty();

    // every listing is stale while Spark plans and runs an append (it sees version 1, not 2): the
    // commit
    // loses version 2 to the hidden commit and rebases onto it
    f =
        FaultyFileSystem.inject(
            "spark stale list (always)",
            LIST,
            FaultyFileSystem.versionsFolder(),
            OMIT_NEWEST_COMMIT,
            0,
            1_000,
            null);
    rows(40, 60).write().format("lance").mode("append").save(uri);
    OPERATIONS.incrementAndGet();
    FaultyFileSystem.clearFaults();
    assertThat(f.fired()).isGreaterThanOrEqualTo(1);
    m.expectAppended(LongStream.range(40, 60).toArray());
    CommitInfo last = m.table.latestSnapshot().commitInfo();
    assertThat(last.version()).isEqualTo(3);
    assertThat(last.readVersion()).as("planned on the stale listing").isEqualTo(1);
    m.verify();

    // Spark reads exactly what the core reads
    List<Long> read =
        spark.read().format("lance").load(uri).select("id").collectAsList().stream()
            .map(r -> r.getLong(0))
            .toList();
    assertThat(read).containsExactlyInAnyOrderElementsOf(m.expected);
    ROWS_CHECKED.addAndGet(read.size());
  }

  org.apache.spark.sql.Dataset<Row> rows(long from, long to) {
    return spark
        .range(from, to, 1, 2)
        .selectExpr(
            "id", "concat('n', id) AS name", "array(cast(id AS float), cast(-id AS float)) AS vec");
  }

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark =
          SparkSession.builder()
              .master("local[2,2]")
              .appName("lancelot-fault-injection")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "2")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.hadoop.fs.faulty.impl", FaultyFileSystem.class.getName())
              .config("spark.hadoop.fs.faulty.impl.disable.cache", "true")
              .config(
                  "spark.hadoop.fs.AbstractFileSystem.faulty.impl",
                  FaultyAbstractFileSystem.class.getName())
              .getOrCreate();
    }
    SparkSession.setActiveSession(spark);
    return spark;
  }

  // ================================================================================================
  // Faults that once broke things: kept so they stay fixed
  // ================================================================================================

  /**
   * Once a bug: FragmentWriter.OpenFragment leaks the already open data file when creating the next
   * one fails.
   */
  @Test
  void aFailedCreateOfAFragmentsSecondFileLeaksTheFirstFilesStream() {
    Model m = create("t");
    failsCleanly(
        m,
        () -> inject("vector file create", CREATE, nth(FaultyFileSystem.dataFiles(), 2), FAIL),
        () -> m.append(1, 2, 3),
        "I/O error creating data file");
    assertThat(FaultyFileSystem.openStreams()).as("output streams left open").isEmpty();
  }

  /**
   * Once a bug: DataFileWriter's constructor leaks its stream, and the file, when the Arrow header
   * cannot be written.
   */
  @Test
  void aDataFileWhoseHeaderCannotBeWrittenIsLeftBehindAndOpen() throws IOException {
    Model m = create("t");
    failsCleanly(
        m,
        () -> inject("data header", WRITE, FaultyFileSystem.dataFiles(), FAIL_AFTER_BYTES, 0),
        () -> m.append(1, 2, 3),
        "I/O error writing data file");
    Set<String> orphans = m.orphanDataFiles();
    SoftAssertions.assertSoftly(
        soft -> {
          soft.assertThat(FaultyFileSystem.openStreams()).as("output streams left open").isEmpty();
          soft.assertThat(orphans).as("files of the aborted write left behind").isEmpty();
        });
  }

  /**
   * Once a bug: DataFileWriter.finish lets Arrow's bare RuntimeException of a failed close()
   * through.
   */
  @Test
  void aDataFileWhoseCloseFailsIsReportedAsABareRuntimeException() {
    Model m = create("t");
    failsCleanly(
        m,
        () -> inject("data close", WRITE, FaultyFileSystem.dataFiles(), CLOSE_THEN_FAIL),
        () -> m.append(1, 2, 3),
        LancelotException.class,
        "I/O error writing data file");
  }

  /**
   * Once a bug: RenameLogStore takes "temp file and target both exist after a failed rename" for
   * "another writer won". When the rename was a copy whose delete failed, the target is this very
   * commit: the committer then rebases over its own commit and commits it again (an append's rows
   * twice), or reports a conflict for a commit that happened. The committer's read-back of the
   * transaction id would tell.
   */
  @Test
  void aRenameThatCopiedButFailedIsTakenForALostRaceAndCommittedTwice() {
    Model m = create("t");
    m.append(1, 2, 3);
    Fault f =
        inject(
            "rename copied then failed",
            RENAME,
            FaultyFileSystem.commitFile(3),
            FaultyFileSystem.Effect.COPY_THEN_FAIL);
    Throwable t = catchThrowable(() -> m.append(4, 5));
    assertThat(f.fired()).isEqualTo(1);
    if (t != null) {
      m.expectDeleted(4, 5);
      assertThat(t).isInstanceOf(CommitStateUnknownException.class);
    }
    m.verify(); // fails: versions 3 and 4 carry the same transaction id, rows 4 and 5 are there
    // twice
  }

  /**
   * Once a bug (listings that lag): Cleaner decides what to keep from one listing of _versions. A
   * listing that omits the newest commit makes it delete the files only that commit references
   * (with cleanup.retention-threshold-hours=0 at any age; otherwise those older than the threshold,
   * e.g. files a RESTORE brought back). Probing for the commit after the newest listed one would
   * catch it.
   */
  @Test
  void aCleanupOnAStaleListingDeletesTheFilesOfTheNewestVersion() {
    Model m = create("t", "rename", Map.of("cleanup.retention-threshold-hours", "0"));
    m.append(1, 2);
    m.append(3, 4);
    FaultyFileSystem.inject(
        "stale list (cleanup)",
        LIST,
        FaultyFileSystem.versionsFolder(),
        OMIT_NEWEST_COMMIT,
        0,
        1_000,
        null);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                m.table.cleanup(
                    new io.github.lancelot.format.CleanupOptions(
                        System.currentTimeMillis(), 1, false, false)))
        .hasMessageContaining("changed while cleanup was planning");
    OPERATIONS.incrementAndGet();
    m.verify();
  }

  /** Once a bug: a commit temp file whose write fails is not deleted. */
  @Test
  void aCommitTempFileWhoseWriteFailsIsLeftBehind() throws IOException {
    Model m = create("t");
    failsCleanly(
        m,
        () ->
            inject(
                "commit temp half-written",
                WRITE,
                FaultyFileSystem.commitTempFiles(),
                FAIL_AFTER_BYTES,
                20),
        () -> m.append(1),
        "Could not write version 2");
    try (Stream<Path> files = Files.list(m.local("_versions"))) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
          .as("hidden temp files left in _versions")
          .isEmpty();
    }
  }

  // ================================================================================================
  // Helpers
  // ================================================================================================

  static Fault inject(
      String label,
      FaultyFileSystem.Op op,
      Predicate<org.apache.hadoop.fs.Path> target,
      FaultyFileSystem.Effect effect) {
    return FaultyFileSystem.inject(label, op, target, effect, 0, 1, null);
  }

  static Fault inject(
      String label,
      FaultyFileSystem.Op op,
      Predicate<org.apache.hadoop.fs.Path> target,
      FaultyFileSystem.Effect effect,
      long arg) {
    return FaultyFileSystem.inject(label, op, target, effect, arg, 1, null);
  }

  static Fault inject(
      String label,
      FaultyFileSystem.Op op,
      Predicate<org.apache.hadoop.fs.Path> target,
      FaultyFileSystem.Effect effect,
      Runnable before) {
    return FaultyFileSystem.inject(label, op, target, effect, 0, 1, before);
  }

  /** Matches only the n-th path (1-based) that {@code p} matches. */
  static Predicate<org.apache.hadoop.fs.Path> nth(Predicate<org.apache.hadoop.fs.Path> p, int n) {
    AtomicInteger seen = new AtomicInteger();
    return path -> p.test(path) && seen.incrementAndGet() == n;
  }

  /**
   * Runs an operation the fault must make fail: it throws a {@link LancelotException} naming the
   * problem, the fault fired, and the table is exactly as before.
   */
  static void failsCleanly(Model m, Supplier<Fault> arm, Runnable op, String message) {
    failsCleanly(m, arm, op, LancelotException.class, message);
  }

  static void failsCleanly(
      Model m, Supplier<Fault> arm, Runnable op, Class<? extends Throwable> type, String message) {
    long before = m.latestVersion();
    Fault fault = arm.get();
    Throwable t = catchThrowable(op::run);
    OPERATIONS.incrementAndGet();
    FaultyFileSystem.clearFaults();
    assertThat(t)
        .as("operation under fault %s", fault)
        .isInstanceOf(type)
        .isNotInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining(message);
    assertThat(fault.fired()).as("fault %s fired", fault).isEqualTo(1);
    if (fault.effect != TRUNCATE
        && fault.effect != OMIT_NEWEST_COMMIT
        && fault.effect != RETURN_FALSE) {
      assertThat(t).hasStackTraceContaining("injected fault '" + fault.label + "'");
    }
    assertThat(m.latestVersion()).isEqualTo(before);
    m.verify();
  }

  /** The commit is on disk at its version, and no other version carries its transaction id. */
  static void assertOnDiskExactlyOnce(Model m, CommitInfo returned) {
    List<CommitInfo> history = m.table.history();
    assertThat(history.stream().filter(c -> c.transactionId().equals(returned.transactionId())))
        .singleElement()
        .satisfies(c -> assertThat(c.version()).isEqualTo(returned.version()));
  }

  /** The versions whose commit adds a fragment made of these (new) fragments' data files. */
  static List<Long> versionsAdding(Table table, List<Fragment> written) {
    Set<String> ours =
        written.stream()
            .flatMap(f -> f.files().stream())
            .map(DataFile::path)
            .collect(Collectors.toSet());
    List<Long> out = new ArrayList<>();
    Set<String> before = new HashSet<>();
    for (long v : table.versions()) {
      Set<String> now =
          table.snapshotAt(v).fragments().stream()
              .flatMap(f -> f.files().stream())
              .map(DataFile::path)
              .collect(Collectors.toSet());
      if (now.stream().anyMatch(p -> ours.contains(p) && !before.contains(p))) {
        out.add(v);
      }
      before.addAll(now);
    }
    return out;
  }

  static long firstLineLength(Model m, long version) throws IOException {
    byte[] bytes = Files.readAllBytes(m.local("_versions/" + String.format("%020d.json", version)));
    String text = new String(bytes, StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8).length;
  }

  static Configuration faultyConf(String store) {
    Configuration conf = new Configuration();
    conf.set("fs.faulty.impl", FaultyFileSystem.class.getName());
    conf.setBoolean("fs.faulty.impl.disable.cache", true);
    conf.set("fs.AbstractFileSystem.faulty.impl", FaultyAbstractFileSystem.class.getName());
    conf.set("lancelot.commit.store.faulty", store);
    return conf;
  }

  Model create(String name) {
    return create(name, "rename");
  }

  Model create(String name, String store) {
    return create(name, store, Map.of());
  }

  Model create(String name, String store, Map<String, String> properties) {
    Path local = dir.resolve(name);
    Table table =
        Table.forPath(FaultyFileSystem.SCHEME + "://" + local.toAbsolutePath(), faultyConf(store));
    table.createTable(schema(), properties).commit();
    OPERATIONS.incrementAndGet();
    assertThat(table.location()).startsWith("faulty:/");
    return new Model(table, local);
  }

  static TableSchema schema() {
    return TableSchema.of(
        List.of(
            new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            Field.nullable("name", ArrowType.Utf8.INSTANCE),
            new Field(
                "vec",
                FieldType.nullable(new ArrowType.FixedSizeList(DIM)),
                List.of(
                    Field.nullable(
                        "element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));
  }

  /** A table and the ids it should hold; row {@code id} has name "n" + id and vec (id, -id). */
  final class Model {
    final Table table;
    final Path local;
    final List<Long> expected = new ArrayList<>();

    Model(Table table, Path local) {
      this.table = table;
      this.local = local;
    }

    /**
     * The same table reached as {@code file:} (hard-link commits, checksummed local filesystem).
     */
    Model viaFileScheme() {
      return new Model(Table.forPath(local.toUri().toString(), new Configuration()), local);
    }

    Path local(String relative) {
      return local.resolve(relative);
    }

    long latestVersion() {
      List<Long> versions = table.versions();
      return versions.isEmpty() ? 0 : versions.get(versions.size() - 1);
    }

    List<Fragment> write(long... ids) {
      try (FragmentWriter writer =
              table.newFragmentWriter(schema(), WriteOptions.defaults(), allocator);
          VectorSchemaRoot batch = batch(ids)) {
        writer.write(batch);
        return writer.finish();
      }
    }

    Snapshot commitAppend(List<Fragment> fragments) {
      return table
          .newTransaction(table.latestSnapshot(), Operation.APPEND)
          .appendFragments(fragments)
          .commit();
    }

    void expectAppended(long... ids) {
      for (long id : ids) {
        expected.add(id);
      }
    }

    void expectDeleted(long... ids) {
      for (long id : ids) {
        expected.remove(id);
      }
    }

    Snapshot append(long... ids) {
      OPERATIONS.incrementAndGet();
      Snapshot s = commitAppend(write(ids));
      expectAppended(ids);
      return s;
    }

    /** Deletes the rows with these ids through deletion vectors, as one version. */
    Snapshot delete(long... ids) {
      OPERATIONS.incrementAndGet();
      Set<Long> wanted = new HashSet<>();
      for (long id : ids) {
        wanted.add(id);
      }
      Snapshot base = table.latestSnapshot();
      Transaction txn = table.newTransaction(base, Operation.DELETE);
      Map<Long, RoaringBitmap> offsets = new HashMap<>();
      try (Scan.CloseableIterator<FragmentBatch> batches =
          base.newScan().select("id").build().batches(allocator)) {
        while (batches.hasNext()) {
          try (FragmentBatch b = batches.next()) {
            BigIntVector v = (BigIntVector) b.root().getVector(0);
            for (int i = 0; i < b.rowCount(); i++) {
              if (wanted.contains(v.get(i))) {
                offsets
                    .computeIfAbsent(b.fragmentId(), k -> new RoaringBitmap())
                    .add((int) b.rowOffset(i));
              }
            }
          }
        }
      }
      offsets.forEach(txn::deleteRows);
      Snapshot s = txn.commit();
      for (long id : ids) {
        expectDeleted(id);
      }
      return s;
    }

    long fragmentHolding(long id) {
      Snapshot s = table.latestSnapshot();
      try (Scan.CloseableIterator<FragmentBatch> batches =
          s.newScan().select("id").build().batches(allocator)) {
        while (batches.hasNext()) {
          try (FragmentBatch b = batches.next()) {
            BigIntVector v = (BigIntVector) b.root().getVector(0);
            for (int i = 0; i < b.rowCount(); i++) {
              if (v.get(i) == id) {
                return b.fragmentId();
              }
            }
          }
        }
      }
      throw new AssertionError("no row " + id);
    }

    VectorSchemaRoot batch(long... ids) {
      VectorSchemaRoot root = VectorSchemaRoot.create(schema().arrowSchema(), allocator);
      root.allocateNew();
      for (int i = 0; i < ids.length; i++) {
        long id = ids[i];
        ((BigIntVector) root.getVector("id")).setSafe(i, id);
        ((VarCharVector) root.getVector("name"))
            .setSafe(i, ("n" + id).getBytes(StandardCharsets.UTF_8));
        FixedSizeListVector vec = (FixedSizeListVector) root.getVector("vec");
        int start = vec.startNewValue(i);
        Float4Vector values = (Float4Vector) vec.getDataVector();
        values.setSafe(start, id);
        values.setSafe(start + 1, -id);
      }
      root.setRowCount(ids.length);
      return root;
    }

    /** Every row of the snapshot, checked against the id it carries; returns the ids. */
    List<Long> readIds(Snapshot snapshot) {
      List<Long> out = new ArrayList<>();
      try (Scan.CloseableIterator<FragmentBatch> batches =
          snapshot.newScan().build().batches(allocator)) {
        while (batches.hasNext()) {
          try (FragmentBatch b = batches.next()) {
            Map<String, FieldVector> cols = new HashMap<>();
            b.root().getFieldVectors().forEach(v -> cols.put(v.getName(), v));
            BigIntVector ids = (BigIntVector) cols.get("id");
            for (int i = 0; i < b.rowCount(); i++) {
              long id = ids.get(i);
              assertThat(cols.get("name").getObject(i)).hasToString("n" + id);
              assertThat(cols.get("vec").getObject(i)).isEqualTo(List.of((float) id, (float) -id));
              out.add(id);
            }
          }
        }
      }
      return out;
    }

    /**
     * With every fault disarmed: versions have no gaps (1..n unless a cleanup removed old ones),
     * each loads, each carries its own transaction id, every file each references exists with the
     * recorded size, was never half-written, and reads; the latest version holds exactly the
     * expected rows.
     */
    void verify() {
      FaultyFileSystem.clearFaults();
      List<Long> versions = table.versions();
      assertThat(versions)
          .as("versions without gaps")
          .isNotEmpty()
          .isEqualTo(
              LongStream.rangeClosed(versions.get(0), versions.get(versions.size() - 1))
                  .boxed()
                  .toList());
      List<CommitInfo> history = table.history();
      assertThat(history.stream().map(CommitInfo::transactionId).distinct().count())
          .as("one transaction id per version")
          .isEqualTo(versions.size());
      Set<String> halfWritten = FaultyFileSystem.halfWritten();
      for (long v : versions) {
        Snapshot s = table.snapshotAt(v);
        assertThat(s.commitInfo().version()).isEqualTo(v);
        for (Fragment f : s.fragments()) {
          for (DataFile d : f.files()) {
            checkFile(v, d.path(), d.sizeInBytes(), halfWritten);
          }
          if (f.deletionFile() != null) {
            checkFile(v, f.deletionFile().path(), f.deletionFile().sizeInBytes(), halfWritten);
          }
        }
        List<Long> ids = readIds(s);
        assertThat((long) ids.size()).isEqualTo(s.numRows());
        ROWS_CHECKED.addAndGet(ids.size());
      }
      Snapshot latest = table.latestSnapshot();
      assertThat(latest.version()).isEqualTo(versions.get(versions.size() - 1));
      List<Long> ids = readIds(latest);
      assertThat(new TreeSet<>(ids)).hasSameSizeAs(ids);
      assertThat(ids)
          .as("rows of the last committed version")
          .containsExactlyInAnyOrderElementsOf(expected);
      ROWS_CHECKED.addAndGet(ids.size());
    }

    private void checkFile(long version, String stored, long size, Set<String> halfWritten) {
      String path =
          new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(table.location()), stored)
              .toUri()
              .getPath();
      assertThat(halfWritten)
          .as("version %d references a half-written file", version)
          .doesNotContain(path);
      Path file = Path.of(path);
      assertThat(file).as("file of version %d", version).exists();
      try {
        assertThat(Files.size(file)).as("size of %s", stored).isEqualTo(size);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    /** Data files on disk that no version references. */
    Set<String> orphanDataFiles() throws IOException {
      Set<String> referenced = new HashSet<>();
      for (long v : table.versions()) {
        table
            .snapshotAt(v)
            .fragments()
            .forEach(f -> f.files().forEach(d -> referenced.add(d.path())));
      }
      Path data = local("data");
      if (!Files.exists(data)) {
        return Set.of();
      }
      try (Stream<Path> files = Files.list(data)) {
        return files
            .map(p -> "data/" + p.getFileName())
            .filter(n -> n.endsWith(".arrow"))
            .filter(n -> !referenced.contains(n))
            .collect(Collectors.toCollection(TreeSet::new));
      }
    }
  }
}
