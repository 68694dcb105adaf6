package io.github.lancelot.it;

import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.lancelot.catalog.LanceCatalog;
import io.github.lancelot.catalog.LanceSparkSessionExtensions;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.FragmentBatch;
import io.github.lancelot.format.FragmentWriter;
import io.github.lancelot.format.Operation;
import io.github.lancelot.format.Scan;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.WriteOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Hostile input against the catalog, the SQL extensions, the data source and the on-disk format.
 * Every case must fail with an error that names the object at fault (table, column, version, file,
 * tag, option, procedure or namespace) and leave every table it touched exactly as it was: the same
 * versions ({@link Table#versions()}), the same rows at every version, and the same files on disk.
 * A few inputs may legitimately work (long and non-ASCII identifiers, unknown actions of a newer
 * writer); those must round-trip. Failures are collected softly, so one case reports every check it
 * breaks.
 */
@ExtendWith({SoftAssertionsExtension.class, HostileInputIT.Tally.class})
class HostileInputIT {
  private static SparkSession spark;
  private static Path warehouseRoot;
  private static BufferAllocator allocator;
  private static int counter;

  /** Case name to outcome (null while running, then "pass" or the failure). */
  static final Map<String, String> OUTCOMES = Collections.synchronizedMap(new LinkedHashMap<>());

  @InjectSoftAssertions SoftAssertions soft;

  private String catalog;
  private Path warehouse;
  private String caseName;

  @BeforeAll
  static void startSpark() throws IOException {
    warehouseRoot = Files.createTempDirectory("lancelot-hostile");
    allocator = new RootAllocator();
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("lancelot-hostile-input")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.extensions", LanceSparkSessionExtensions.class.getName())
            .getOrCreate();
  }

  @AfterAll
  static void summary() {
    List<String> failed = new ArrayList<>();
    OUTCOMES.forEach(
        (name, outcome) -> {
          if (!"pass".equals(outcome)) {
            failed.add(name);
          }
        });
    System.out.println("HOSTILE CASES:");
    OUTCOMES.forEach(
        (name, outcome) ->
            System.out.println("  " + ("pass".equals(outcome) ? "PASS " : "FAIL ") + name));
    if (failed.isEmpty()) {
      System.out.println(
          "SUMMARY hostile-input: " + OUTCOMES.size() + " cases, all tables unchanged");
    } else {
      System.out.println(
          "SUMMARY hostile-input: "
              + OUTCOMES.size()
              + " cases, "
              + failed.size()
              + " failed: "
              + String.join(", ", failed));
    }
    if (spark != null) {
      spark.stop();
      spark = null;
    }
    allocator.close();
  }

  /** Records each case's outcome for the summary. */
  static final class Tally implements TestWatcher {
    @Override
    public void testSuccessful(ExtensionContext context) {
      OUTCOMES.put(context.getRequiredTestMethod().getName(), "pass");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      OUTCOMES.put(context.getRequiredTestMethod().getName(), "fail: " + cause.getMessage());
    }
  }

  @BeforeEach
  void newCatalog(TestInfo info) throws IOException {
    caseName = info.getTestMethod().orElseThrow().getName();
    catalog = "lance" + (++counter);
    warehouse = Files.createDirectories(warehouseRoot.resolve(catalog));
    spark.conf().set("spark.sql.catalog." + catalog, LanceCatalog.class.getName());
    spark.conf().set("spark.sql.catalog." + catalog + ".warehouse", warehouse.toUri().toString());
    sql("CREATE NAMESPACE IF NOT EXISTS %s.db", catalog);
  }

  @AfterEach
  void resetCurrentCatalog() {
    spark.sql("USE spark_catalog");
  }

  // ------------------------------------------------------------------ schema mismatch on append

  @Test
  void appendWithAWrongColumnTypeIsRefused() {
    Path dir = quotes("wrongtype");
    refused(
        "DataFrameWriterV2 append of id STRING into id BIGINT",
        dir,
        () ->
            spark
                .sql("SELECT 'not a number' AS id, 'x' AS author")
                .writeTo(t("wrongtype"))
                .append(),
        "wrongtype",
        "`id`",
        "\"STRING\"",
        "\"BIGINT\"");
    refused(
        "path append of id STRING into id BIGINT",
        dir,
        () ->
            spark
                .sql("SELECT 'not a number' AS id, 'x' AS author")
                .write()
                .format("lance")
                .mode("append")
                .save(dir.toString()),
        "wrongtype",
        "`id`",
        "\"STRING\"",
        "\"BIGINT\"");
    refused(
        "INSERT of a string into id BIGINT",
        dir,
        () -> sql("INSERT INTO %s VALUES ('not a number', 'x')", t("wrongtype")),
        "wrongtype",
        "`id`");
  }

  @Test
  void appendWithAnExtraColumnIsRefused() {
    Path dir = quotes("extracol");
    refused(
        "DataFrameWriterV2 append with column surplus",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author, 1 AS surplus")
                .writeTo(t("extracol"))
                .append(),
        "extracol",
        "`surplus`");
    refused(
        "path append with column surplus",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author, 1 AS surplus")
                .write()
                .format("lance")
                .mode("append")
                .save(dir.toString()),
        "extracol",
        "`surplus`");
  }

  @Test
  void appendWithoutANotNullColumnOrWithAnUnknownColumnIsRefused() {
    Path dir = quotes("missingcol");
    refused(
        "DataFrameWriterV2 append without NOT NULL column id",
        dir,
        () -> spark.sql("SELECT 'a3' AS author").writeTo(t("missingcol")).append(),
        "missingcol",
        "`id`");
    refused(
        "path append without NOT NULL column id",
        dir,
        () ->
            spark
                .sql("SELECT 'a3' AS author")
                .write()
                .format("lance")
                .mode("append")
                .save(dir.toString()),
        "missingcol",
        "`id`");
    refused(
        "path append with column planet, which the table lacks, without mergeSchema",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'a3' AS author, 'mars' AS planet")
                .write()
                .format("lance")
                .mode("append")
                .save(dir.toString()),
        "missingcol",
        "`planet`",
        "mergeSchema");
  }

  @Test
  void nullIntoANotNullColumnIsRefused() {
    Path dir = quotes("notnull");
    refused(
        "INSERT of NULL into id NOT NULL",
        dir,
        () -> sql("INSERT INTO %s VALUES (NULL, 'x')", t("notnull")),
        "non-nullable field: \nid\n");
    refused(
        "INSERT of a computed NULL into id NOT NULL",
        dir,
        () ->
            sql("INSERT INTO %s SELECT CAST(IF(rand() < 2, NULL, 1) AS BIGINT), 'x'", t("notnull")),
        "non-nullable field: \nid\n");
    refused(
        "INSERT with a column list leaving id NOT NULL out",
        dir,
        () -> sql("INSERT INTO %s (author) VALUES ('x')", t("notnull")),
        "notnull",
        "`id`");
  }

  // ------------------------------------------------------------------ vectors

  @Test
  void aVectorOfTheWrongDimensionIsRefused() {
    sql(
        "CREATE TABLE %s (id BIGINT, emb ARRAY<FLOAT>) TBLPROPERTIES ('emb.arrow.fixed-size-list.size'='3')",
        t("vecdim"));
    sql("INSERT INTO %s VALUES (1, array(1.0F, 2.0F, 3.0F))", t("vecdim"));
    Path dir = table("vecdim");
    refused(
        "INSERT of a 2-value vector into emb VECTOR(3)",
        dir,
        () -> sql("INSERT INTO %s VALUES (2, array(1.0F, 2.0F))", t("vecdim")),
        "'emb'",
        "holds 3 values per row",
        "has 2");
    refused(
        "INSERT of a 4-value vector into emb VECTOR(3), after a good row",
        dir,
        () ->
            sql(
                "INSERT INTO %s VALUES (3, array(1.0F, 2.0F, 3.0F)), (4, array(1.0F, 2.0F, 3.0F, 4.0F))",
                t("vecdim")),
        "'emb'",
        "holds 3 values per row",
        "has 4");
    refused(
        "UPDATE to a 1-value vector",
        dir,
        () -> sql("UPDATE %s SET emb = array(9.0F) WHERE id = 1", t("vecdim")),
        "'emb'",
        "holds 3 values per row",
        "has 1");
  }

  @Test
  void aVectorOptionOnANonArrayColumnIsRefused() {
    Path dir = quotes("vecopt");
    Path created = table("vecopt_new");
    refused(
        "CREATE TABLE declaring STRING column name a vector",
        created,
        () ->
            sql(
                "CREATE TABLE %s (id BIGINT, name STRING) TBLPROPERTIES ('name.arrow.fixed-size-list.size'='4')",
                t("vecopt_new")),
        "'name'",
        "STRING");
    Path pathTable = warehouse.resolve("pathtables").resolve("vecopt_path");
    refused(
        "path write declaring STRING column author a vector",
        pathTable,
        () ->
            spark
                .sql("SELECT 1L AS id, 'x' AS author")
                .write()
                .format("lance")
                .option("author.arrow.fixed-size-list.size", "4")
                .save(pathTable.toString()),
        "'author'",
        "STRING");
    refused(
        "ALTER TABLE SET TBLPROPERTIES declaring STRING column author a vector",
        dir,
        () ->
            sql(
                "ALTER TABLE %s SET TBLPROPERTIES ('author.arrow.fixed-size-list.size'='4')",
                t("vecopt")),
        "'author'");
    refused(
        "append declaring STRING column author a vector",
        dir,
        () ->
            spark
                .sql("SELECT 5L AS id, 'x' AS author")
                .writeTo(t("vecopt"))
                .option("author.arrow.fixed-size-list.size", "4")
                .append(),
        "'author'");
    refused(
        "ADD COLUMN v VECTOR(0)",
        dir,
        () -> sql("ALTER TABLE %s ADD COLUMN v VECTOR(0)", t("vecopt")),
        "'v'",
        "dimension 0");
  }

  // ------------------------------------------------------------------ MERGE

  @Test
  void aMergeCardinalityViolationIsRefused() {
    Path dir = quotes("mergecard");
    refused(
        "MERGE where two source rows match target row 1",
        dir,
        () ->
            sql(
                "MERGE INTO %s t USING (SELECT 1L AS id UNION ALL SELECT 1L) s ON t.id = s.id "
                    + "WHEN MATCHED THEN UPDATE SET author = 'dup'",
                t("mergecard")),
        // Spark raises this error itself, before the write reaches the table; the error naming the
        // table rides along with it (TestRowLevelOperationsSql).
        "MERGE_CARDINALITY_VIOLATION");
  }

  // ------------------------------------------------------------------ time travel

  @Test
  void timeTravelPastTheLatestVersionIsRefused() {
    Path dir = quotes("ttend");
    refused(
        "VERSION AS OF 99",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF 99", t("ttend")).collectAsList(),
        "ttend",
        "no version 99",
        "1 to 2");
    refused(
        "versionAsOf=99 on a path read",
        dir,
        () ->
            spark
                .read()
                .format("lance")
                .option("versionAsOf", "99")
                .load(dir.toString())
                .collectAsList(),
        "ttend",
        "no version 99");
    List<Row> future =
        sql("SELECT id FROM %s TIMESTAMP AS OF '2999-01-01 00:00:00'", t("ttend")).collectAsList();
    soft.assertThat(future).as("TIMESTAMP AS OF a future time reads the latest version").hasSize(2);
  }

  @Test
  void timeTravelBeforeTheFirstVersionIsRefused() {
    Path dir = quotes("ttbegin");
    refused(
        "TIMESTAMP AS OF 1999",
        dir,
        () ->
            sql("SELECT * FROM %s TIMESTAMP AS OF '1999-12-31 23:59:59'", t("ttbegin"))
                .collectAsList(),
        "ttbegin",
        "no version at or before 1999-12-31T23:59:59Z",
        "earliest is version 1");
    refused(
        "VERSION AS OF 0",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF 0", t("ttbegin")).collectAsList(),
        "ttbegin",
        "no version 0");
    refused(
        "timestampAsOf=1970-01-01 on a path read",
        dir,
        () ->
            spark
                .read()
                .format("lance")
                .option("timestampAsOf", "1970-01-01 00:00:00")
                .load(dir.toString())
                .collectAsList(),
        "ttbegin",
        "no version at or before");
    refused(
        "timestampAsOf=yesterday on a path read",
        dir,
        () ->
            spark
                .read()
                .format("lance")
                .option("timestampAsOf", "yesterday")
                .load(dir.toString())
                .collectAsList(),
        "\"yesterday\"",
        "timestamp");
  }

  @Test
  void timeTravelToAMissingTagIsRefused() {
    Path dir = quotes("ttag");
    sql("ALTER TABLE %s CREATE TAG good AS OF VERSION 1", t("ttag"));
    refused(
        "VERSION AS OF 'nope'",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF 'nope'", t("ttag")).collectAsList(),
        "ttag",
        "no tag 'nope'",
        "good");
    refused(
        "RESTORE TO VERSION AS OF 'nope'",
        dir,
        () -> sql("RESTORE TABLE %s TO VERSION AS OF 'nope'", t("ttag")),
        "ttag",
        "no tag 'nope'");
    refused(
        "SHALLOW CLONE VERSION AS OF 'nope'",
        dir,
        () ->
            sql(
                "CREATE TABLE %s SHALLOW CLONE %s VERSION AS OF 'nope'",
                t("ttag_clone"), t("ttag")),
        "ttag",
        "no tag 'nope'");
    soft.assertThat(table("ttag_clone")).as("no clone folder left behind").doesNotExist();
  }

  /**
   * Hand-written refs: a tag naming version 99 and clone registrations naming no clone (garbage,
   * the table itself, a missing folder). Time travel to the tag fails naming it; VACUUM neither
   * fails nor removes what the kept versions and the valid tag need.
   */
  @Test
  void refsNamingMissingVersionsOrNoCloneAreHandled() throws IOException {
    sql(
        "CREATE TABLE %s (id BIGINT NOT NULL, author STRING)"
            + " TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t("badrefs"));
    sql("INSERT INTO %s VALUES (1, 'a1'), (2, 'a2')", t("badrefs"));
    sql("ALTER TABLE %s CREATE TAG good AS OF VERSION 2", t("badrefs"));
    sql("INSERT INTO %s VALUES (3, 'a3')", t("badrefs"));
    Path dir = table("badrefs");
    Files.writeString(
        dir.resolve("_refs").resolve("tags").resolve("gone.json"),
        "{\"version\":99,\"created\":1}");
    Path clones = Files.createDirectories(dir.resolve("_refs").resolve("clones"));
    Files.writeString(
        clones.resolve("a.json"), "{\"location\":\"::not a location\",\"created\":1}");
    Files.writeString(
        clones.resolve("b.json"), "{\"location\":\"" + dir.toUri() + "\",\"created\":1}");
    Files.writeString(
        clones.resolve("c.json"),
        "{\"location\":\"" + warehouse.resolve("nowhere").toUri() + "\",\"created\":1}");
    refused(
        "VERSION AS OF 'gone' (tag naming version 99)",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF 'gone'", t("badrefs")).collectAsList(),
        "badrefs",
        "Tag 'gone'",
        "version 99");
    refused(
        "RESTORE TO VERSION AS OF 'gone'",
        dir,
        () -> sql("RESTORE TABLE %s TO VERSION AS OF 'gone'", t("badrefs")),
        "badrefs",
        "Tag 'gone'");
    sql("VACUUM %s RETAIN 0 HOURS", t("badrefs")).collectAsList();
    soft.assertThat(lance(dir).versions()).as("versions after VACUUM").containsExactly(2L, 3L);
    soft.assertThat(
            sql("SELECT id FROM %s VERSION AS OF 'good' ORDER BY id", t("badrefs")).collectAsList())
        .as("the tagged version after VACUUM")
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L);
    soft.assertThat(sql("SELECT id FROM %s ORDER BY id", t("badrefs")).collectAsList())
        .as("the latest version after VACUUM")
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void restoreToACleanedUpVersionIsRefused() {
    sql(
        "CREATE TABLE %s (id BIGINT, author STRING) TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t("restorevac"));
    for (int i = 1; i <= 3; i++) {
      sql("INSERT INTO %s VALUES (%d, 'a%d')", t("restorevac"), i, i);
    }
    sql("VACUUM %s RETAIN 0 HOURS", t("restorevac"));
    Path dir = table("restorevac");
    soft.assertThat(lance(dir).versions()).as("versions after VACUUM").containsExactly(4L);
    refused(
        "RESTORE TO VERSION AS OF 2 after VACUUM",
        dir,
        () -> sql("RESTORE TABLE %s TO VERSION AS OF 2", t("restorevac")),
        "restorevac",
        "Version 2",
        "removed by cleanup",
        "oldest version kept is 4");
    refused(
        "CALL system.restore(version => '2') after VACUUM",
        dir,
        () -> sql("CALL %s.system.restore(table => 'db.restorevac', version => '2')", catalog),
        "restorevac",
        "Version 2",
        "removed by cleanup");
    refused(
        "SELECT VERSION AS OF 1 after VACUUM",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF 1", t("restorevac")).collectAsList(),
        "restorevac",
        "Version 1",
        "removed by cleanup");
  }

  // ------------------------------------------------------------------ damaged and foreign log
  // files

  @Test
  void aCommitFileOfGarbageIsReportedByName() throws IOException {
    Path dir = quotes("garbage");
    Path commit = dir.resolve("_versions").resolve(commitName(3));
    byte[] garbage =
        new byte[] {(byte) 0xff, (byte) 0xfe, 'g', 'a', 'r', 'b', 'a', 'g', 'e', '{', '{', '\n'};
    Files.write(commit, garbage);
    refused(
        "SELECT latest with a garbage commit 3",
        dir,
        () -> sql("SELECT * FROM %s", t("garbage")).collectAsList(),
        commitName(3),
        "Corrupt file");
    refused(
        "INSERT on top of a garbage commit 3",
        dir,
        () -> sql("INSERT INTO %s VALUES (9, 'x')", t("garbage")),
        commitName(3));
    refused(
        "DESCRIBE HISTORY with a garbage commit 3",
        dir,
        () -> sql("DESCRIBE HISTORY %s", t("garbage")).collectAsList(),
        commitName(3));
    List<Row> v2 =
        sql("SELECT id FROM %s VERSION AS OF 2 ORDER BY id", t("garbage")).collectAsList();
    soft.assertThat(v2)
        .as("version 2 stays readable")
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L);
  }

  @Test
  void unknownActionsOfANewerWriterAreIgnored() throws IOException {
    Path dir = quotes("futureactions");
    Table table = lance(dir);
    long ts = table.latestSnapshot().timestamp() + 1;
    String commit =
        "{\"commitInfo\":{\"version\":3,\"timestamp\":"
            + ts
            + ",\"operation\":\"FUTURE OPERATION\","
            + "\"operationParameters\":{\"k\":\"v\"},\"readVersion\":2,\"transactionId\":\""
            + UUID.randomUUID()
            + "\",\"blindAppend\":false,\"operationMetrics\":{},\"engineInfo\":\"Lancelot/99.0\",\"numActions\":3,"
            + "\"futureField\":{\"nested\":[1,2,3]}}}\n"
            + "{\"futureAction\":{\"x\":1,\"y\":[\"a\",\"b\"]}}\n"
            + "{\"anotherFutureAction\":{\"deep\":{\"deeper\":{\"deepest\":null}}}}\n";
    Files.writeString(dir.resolve("_versions").resolve(commitName(3)), commit);
    State before = state(dir);
    List<Row> latest =
        sql("SELECT id, author FROM %s ORDER BY id", t("futureactions")).collectAsList();
    soft.assertThat(latest)
        .as("latest (version 3, unknown actions only) reads as version 2")
        .extracting(Row::toString)
        .containsExactly("[1,a1]", "[2,a2]");
    List<Row> history = sql("DESCRIBE HISTORY %s", t("futureactions")).collectAsList();
    soft.assertThat(history)
        .as("history lists the future commit")
        .extracting(r -> r.getAs("operation").toString())
        .startsWith("FUTURE OPERATION");
    soft.assertThat(table.latestSnapshot().version()).as("latest version").isEqualTo(3L);
    soft.assertThat(table.latestSnapshot().numRows()).as("rows from metadata").isEqualTo(2L);
    soft.assertThat(state(dir)).as("table unchanged by the reads").isEqualTo(before);
  }

  @Test
  void aCommitOfANewerProtocolIsRefusedClearly() throws IOException {
    Path dir = quotes("newproto");
    Table table = lance(dir);
    long ts = table.latestSnapshot().timestamp() + 1;
    String commit =
        "{\"commitInfo\":{\"version\":3,\"timestamp\":"
            + ts
            + ",\"operation\":\"UPGRADE PROTOCOL\","
            + "\"operationParameters\":{},\"readVersion\":2,\"transactionId\":\""
            + UUID.randomUUID()
            + "\",\"blindAppend\":false,\"operationMetrics\":{},\"engineInfo\":\"Lancelot/99.0\",\"numActions\":2}}\n"
            + "{\"protocol\":{\"readerVersion\":99,\"writerVersion\":99}}\n";
    Files.writeString(dir.resolve("_versions").resolve(commitName(3)), commit);
    refused(
        "SELECT latest at reader protocol 99",
        dir,
        () -> sql("SELECT * FROM %s", t("newproto")).collectAsList(),
        "newproto",
        "requires reader protocol version 99",
        "upgrade Lancelot");
    refused(
        "INSERT at writer protocol 99",
        dir,
        () -> sql("INSERT INTO %s VALUES (9, 'x')", t("newproto")),
        "newproto",
        "protocol version 99");
    refused(
        "path read at reader protocol 99",
        dir,
        () -> spark.read().format("lance").load(dir.toString()).collectAsList(),
        "newproto",
        "requires reader protocol version 99");
    List<Row> v2 =
        sql("SELECT id FROM %s VERSION AS OF 2 ORDER BY id", t("newproto")).collectAsList();
    soft.assertThat(v2)
        .as("version 2, before the upgrade, stays readable")
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L);
  }

  @Test
  void aMissingDataFileIsReportedByName() throws IOException {
    sql("CREATE TABLE %s (id BIGINT, author STRING)", t("missingdata"));
    sql("INSERT INTO %s SELECT id, concat('a', id) FROM range(1, 5, 1, 1)", t("missingdata"));
    sql("INSERT INTO %s SELECT id, concat('a', id) FROM range(5, 7, 1, 1)", t("missingdata"));
    Path dir = table("missingdata");
    Snapshot latest = lance(dir).latestSnapshot();
    soft.assertThat(latest.fragments()).as("one fragment per INSERT").hasSize(2);
    Fragment newest = latest.fragments().get(latest.fragments().size() - 1);
    Path file = dir.resolve(newest.files().get(0).path());
    Files.delete(file);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    String fileName = file.getFileName().toString();
    refused(
        "SELECT with the data file of version 3's fragment deleted",
        dir,
        () -> sql("SELECT * FROM %s", t("missingdata")).collectAsList(),
        fileName,
        "the data file is missing");
    refused(
        "UPDATE of a row of that fragment",
        dir,
        () -> sql("UPDATE %s SET author = 'u' WHERE id = 5", t("missingdata")),
        fileName,
        "the data file is missing");
    refused(
        "DELETE of one of that fragment's two rows",
        dir,
        () -> sql("DELETE FROM %s WHERE id = 6", t("missingdata")),
        fileName,
        "the data file is missing");
    refused(
        "OPTIMIZE merging that fragment",
        dir,
        () -> sql("OPTIMIZE %s", t("missingdata")).collectAsList(),
        fileName,
        "the data file is missing");
    List<Row> v2 =
        sql("SELECT id FROM %s VERSION AS OF 2 ORDER BY id", t("missingdata")).collectAsList();
    soft.assertThat(v2)
        .as("version 2, without that fragment, stays readable")
        .extracting(r -> r.getLong(0))
        .containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aTablePathThatIsAPlainFileIsRefused() throws IOException {
    Path file = warehouse.resolve("plain.txt");
    Files.writeString(file, "I am not a table\n");
    Path inWarehouse = warehouse.resolve("db").resolve("plainfile");
    Files.writeString(inWarehouse, "neither am I\n");
    refused(
        "path read of a plain file",
        file,
        () -> spark.read().format("lance").load(file.toString()).collectAsList(),
        "plain.txt");
    soft.assertThat(
            chain(
                catchThrowable(
                    () -> spark.read().format("lance").load(file.toString()).collectAsList())))
        .as("path read of a plain file: the error says the path is a file, not a table folder")
        .containsAnyOf("is a file", "not a directory", "not a folder");
    refused(
        "path append to a plain file",
        file,
        () ->
            spark
                .sql("SELECT 1L AS id")
                .write()
                .format("lance")
                .mode("append")
                .save(file.toString()),
        "plain.txt",
        "not a directory");
    refused(
        "catalog read of a plain file by path",
        file,
        () -> sql("SELECT * FROM %s.`%s`", catalog, file).collectAsList(),
        "plain.txt");
    refused(
        "CREATE TABLE over a plain file in the warehouse",
        inWarehouse,
        () -> sql("CREATE TABLE %s (id BIGINT)", t("plainfile")),
        "plainfile",
        "not a directory");
    refused(
        "INSERT INTO a plain file in the warehouse",
        inWarehouse,
        () -> sql("INSERT INTO %s VALUES (1)", t("plainfile")),
        "plainfile");
    soft.assertThat(Files.readString(file))
        .as("plain file content")
        .isEqualTo("I am not a table\n");
    soft.assertThat(Files.isRegularFile(inWarehouse))
        .as("plain file in the warehouse is still a file")
        .isTrue();
  }

  // ------------------------------------------------------------------ paths outside the table

  /**
   * A hand-edited version 3 replaces fragment 1's data file by a file outside the table (relative
   * {@code ../../victim/secret.arrow}, then an absolute {@code file:} URI): reads and writes that
   * read it fail naming the file and the table; VACUUM RETAIN 0 HOURS and the cleanup of the failed
   * writes leave the victim file in place.
   */
  @Test
  void aFragmentFileOutsideTheTableIsNeverReadNorDeleted() throws IOException {
    Path victimDir = Files.createDirectories(warehouse.resolve("victim"));
    Path victim = victimDir.resolve("secret.arrow");
    Map<String, String> hostile = new LinkedHashMap<>();
    hostile.put("escaperel", "../../victim/secret.arrow");
    hostile.put("escapeabs", victim.toUri().toString());
    for (Map.Entry<String, String> c : hostile.entrySet()) {
      String name = c.getKey();
      sql(
          "CREATE TABLE %s (id BIGINT NOT NULL, author STRING)"
              + " TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
          t(name));
      sql("INSERT INTO %s VALUES (1, 'a1'), (2, 'a2')", t(name));
      Path dir = table(name);
      String dataFile = lance(dir).latestSnapshot().fragments().get(0).files().get(0).path();
      Files.copy(dir.resolve(dataFile), victim, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      byte[] secret = Files.readAllBytes(victim);
      String v2 = Files.readString(dir.resolve("_versions").resolve(commitName(2)));
      Files.writeString(
          dir.resolve("_versions").resolve(commitName(3)),
          v2.replace("\"version\":2", "\"version\":3").replace(dataFile, c.getValue()));
      refused(
          "SELECT with a data file at " + c.getValue(),
          dir,
          () -> sql("SELECT * FROM %s", t(name)).collectAsList(),
          "secret.arrow",
          name,
          "outside the table's folder");
      refused(
          "UPDATE reading that fragment",
          dir,
          () -> sql("UPDATE %s SET author = 'u' WHERE id = 1", t(name)),
          "secret.arrow",
          name);
      refused(
          "SHALLOW CLONE of it",
          dir,
          () -> lance(dir).shallowClone(lance(dir).latestSnapshot(), dir + "_clone"),
          "secret.arrow",
          name);
      sql("VACUUM %s RETAIN 0 HOURS", t(name)).collectAsList();
      soft.assertThat(victim).as("%s: the victim file after VACUUM", name).exists();
      soft.assertThat(Files.exists(victim) ? Files.readAllBytes(victim) : null)
          .as("%s: the victim file's content", name)
          .isEqualTo(secret);
      soft.assertThat(listing(victimDir))
          .as("%s: nothing written next to the victim", name)
          .containsExactly("", "secret.arrow");
    }
  }

  // ------------------------------------------------------------------ tags

  @Test
  void tagNamesWithPathCharactersAreRefused() {
    Path dir = quotes("tagpath");
    for (String name : List.of("a/b", "../x", "..", ".hidden", "a\\b", "/abs")) {
      refused(
          "CREATE TAG '" + name + "'",
          warehouse,
          () ->
              sql(
                  "ALTER TABLE %s CREATE TAG '%s' AS OF VERSION 1",
                  t("tagpath"), name.replace("\\", "\\\\")),
          "tagpath",
          "Invalid tag name '" + name + "'");
    }
    refused(
        "VERSION AS OF '../x'",
        dir,
        () -> sql("SELECT * FROM %s VERSION AS OF '../x'", t("tagpath")).collectAsList(),
        "tagpath",
        "'../x'");
    refused(
        "DROP TAG IF EXISTS '../x'",
        dir,
        () -> sql("ALTER TABLE %s DROP TAG IF EXISTS '../x'", t("tagpath")),
        "tagpath",
        "'../x'");
    refused(
        "CALL system.create_tag(tag => 'a/b')",
        warehouse,
        () ->
            sql(
                "CALL %s.system.create_tag(table => 'db.tagpath', tag => 'a/b', version => 1)",
                catalog),
        "tagpath",
        "'a/b'");
  }

  // ------------------------------------------------------------------ identifiers

  @Test
  void longAndNonAsciiIdentifiersRoundTrip() {
    String longName = "q_" + "x".repeat(200);
    List<String> names = List.of(longName, "café_ø", "emoji_\uD83D\uDE00", "\uD83D\uDC0D");
    for (String name : names) {
      String ident = catalog + ".db.`" + name + "`";
      sql(
          "CREATE TABLE %s (id BIGINT, `%s` STRING, `café_ø` INT, `\uD83D\uDE00` DOUBLE)",
          ident, longName);
      sql("INSERT INTO %s VALUES (1, 'ü€\uD83D\uDE00', 7, 0.5)", ident);
      sql("ALTER TABLE %s CREATE TAG `tag_%s` AS OF VERSION 2", ident, "t");
      Path dir = table(name);
      State before = state(dir);
      soft.assertThat(before.versions()).as("versions of %s", name).containsExactly(1L, 2L);
      List<Row> rows =
          sql(
                  "SELECT id, `%s`, `café_ø`, `\uD83D\uDE00` FROM %s VERSION AS OF 'tag_t'",
                  longName, ident)
              .collectAsList();
      soft.assertThat(rows)
          .as("rows of %s", name)
          .extracting(Row::toString)
          .containsExactly("[1,ü€\uD83D\uDE00,7,0.5]");
      List<String> columns = new ArrayList<>();
      for (Row r : sql("DESCRIBE TABLE %s", ident).collectAsList()) {
        columns.add(r.getString(0));
      }
      soft.assertThat(columns)
          .as("columns of %s", name)
          .startsWith("id", longName, "café_ø", "\uD83D\uDE00");
      List<String> tables = new ArrayList<>();
      for (Row r : sql("SHOW TABLES IN %s.db", catalog).collectAsList()) {
        tables.add(r.getString(1));
      }
      soft.assertThat(tables).as("SHOW TABLES").contains(name);
      soft.assertThat(lance(dir).latestSnapshot().schema().columns())
          .extracting(c -> c.name())
          .containsExactly("id", longName, "café_ø", "\uD83D\uDE00");
      soft.assertThat(state(dir)).as("%s unchanged by reads", name).isEqualTo(before);
    }
  }

  /**
   * Backticks, quotes, semicolons and newlines in identifiers and string arguments are data, never
   * SQL: a table and columns named with them round-trip through CREATE, INSERT, SELECT, DESCRIBE
   * HISTORY, SHOW TAGS and procedures naming the table; tag names holding them are refused, naming
   * the name, and every other table stays as it was.
   */
  @Test
  void quotesSemicolonsAndNewlinesInNamesAreDataNotSql() {
    Path other = quotes("bystander");
    String table = "t;x`y'z\"w";
    String quotedTable = "`" + table.replace("`", "``") + "`";
    List<String> columns = List.of("a`b", "c'd", "e;f", "g\"h", "i\nj", "k); DROP TABLE x; --");
    StringBuilder ddl = new StringBuilder();
    for (String c : columns) {
      ddl.append(ddl.length() == 0 ? "" : ", ")
          .append('`')
          .append(c.replace("`", "``"))
          .append("` STRING");
    }
    sql("CREATE TABLE %s.db.%s (%s)", catalog, quotedTable, ddl);
    sql("INSERT INTO %s.db.%s VALUES ('1', '2', '3', '4', '5', '6')", catalog, quotedTable);
    Dataset<Row> read = sql("SELECT * FROM %s.db.%s", catalog, quotedTable);
    soft.assertThat(read.columns())
        .as("column names round-trip")
        .containsExactlyElementsOf(columns);
    soft.assertThat(read.collectAsList())
        .as("rows round-trip")
        .extracting(Row::toString)
        .containsExactly("[1,2,3,4,5,6]");
    soft.assertThat(Files.isDirectory(table(table))).as("the table's folder").isTrue();
    soft.assertThat(sql("DESCRIBE HISTORY %s.db.%s", catalog, quotedTable).collectAsList())
        .as("DESCRIBE HISTORY of the table")
        .hasSize(2);
    sql(
        "CALL %s.system.create_tag(table => 'db.%s', tag => 'via_call', version => 2)",
        catalog, quotedTable.replace("'", "\\'"));
    soft.assertThat(sql("SHOW TAGS IN %s.db.%s", catalog, quotedTable).collectAsList())
        .as("SHOW TAGS of the table")
        .extracting(r -> r.getString(0))
        .containsExactly("via_call");
    Path dir = table(table);
    for (String tag : List.of("x'; DROP TABLE db.bystander; --", "a`b", "a\nb", "a;b", "a\"b")) {
      refused(
          "CALL create_tag(tag => " + tag.replace("\n", "\\n") + ")",
          other,
          () ->
              sql(
                  "CALL %s.system.create_tag(table => 'db.bystander', tag => '%s', version => 1)",
                  catalog, tag.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")),
          "bystander",
          "Invalid tag name '" + tag + "'");
      refused(
          "ALTER TABLE CREATE TAG `" + tag.replace("\n", "\\n") + "`",
          dir,
          () ->
              sql(
                  "ALTER TABLE %s.db.%s CREATE TAG `%s` AS OF VERSION 1",
                  catalog, quotedTable, tag.replace("`", "``")),
          "Invalid tag name '" + tag + "'");
    }
    refused(
        "CALL create_tag(table => 'db.bystander; DROP TABLE db.bystander')",
        other,
        () ->
            sql(
                "CALL %s.system.create_tag(table => 'db.bystander; DROP TABLE db.bystander',"
                    + " tag => 'x', version => 1)",
                catalog),
        "bystander; DROP TABLE db.bystander");
    soft.assertThat(lance(other).versions()).as("the bystander table").containsExactly(1L, 2L);
    soft.assertThat(lance(dir).tags()).as("tags of the table").hasSize(1);
  }

  @Test
  void aTableNameTooLongForTheFilesystemIsRefusedCleanly() throws IOException {
    String name = "q_" + "y".repeat(300);
    List<String> before = listing(warehouse);
    refused(
        "CREATE TABLE with a 302-character name",
        warehouse,
        () -> sql("CREATE TABLE %s.db.`%s` (id BIGINT)", catalog, name),
        "q_yyyy");
    refused(
        "CTAS with a 302-character name",
        warehouse,
        () -> sql("CREATE TABLE %s.db.`%s` AS SELECT 1L AS id", catalog, name),
        "q_yyyy");
    soft.assertThat(listing(warehouse)).as("warehouse listing").isEqualTo(before);
  }

  // ------------------------------------------------------------------ unsupported DDL

  @Test
  void aPartitionedCreateTableIsRefused() {
    refused(
        "CREATE TABLE ... PARTITIONED BY",
        table("parted"),
        () -> sql("CREATE TABLE %s (id BIGINT, day INT) PARTITIONED BY (day)", t("parted")),
        "parted",
        "partitioned");
    refused(
        "CTAS ... PARTITIONED BY",
        table("parted"),
        () -> sql("CREATE TABLE %s PARTITIONED BY (day) AS SELECT 1L AS id, 2 AS day", t("parted")),
        "parted",
        "partitioned");
    refused(
        "DataFrameWriterV2 partitionedBy",
        table("parted"),
        () ->
            spark
                .sql("SELECT 1L AS id, 2 AS day")
                .writeTo(t("parted"))
                .partitionedBy(org.apache.spark.sql.functions.col("day"))
                .create(),
        "parted",
        "partitioned");
    Path dir = quotes("parted_existing");
    refused(
        "REPLACE TABLE ... PARTITIONED BY of an existing table",
        dir,
        () ->
            sql("REPLACE TABLE %s (id BIGINT, day INT) PARTITIONED BY (day)", t("parted_existing")),
        "parted_existing",
        "partitioned");
  }

  @Test
  void usingParquetIsRefused() {
    refused(
        "CREATE TABLE ... USING parquet",
        table("pq"),
        () -> sql("CREATE TABLE %s (id BIGINT) USING parquet", t("pq")),
        "pq",
        "parquet");
    refused(
        "CTAS ... USING parquet",
        table("pq"),
        () -> sql("CREATE TABLE %s USING parquet AS SELECT 1L AS id", t("pq")),
        "pq",
        "parquet");
    Path dir = quotes("pq_existing");
    refused(
        "CREATE OR REPLACE ... USING parquet of an existing table",
        dir,
        () -> sql("CREATE OR REPLACE TABLE %s (id BIGINT) USING parquet", t("pq_existing")),
        "pq_existing",
        "parquet");
    refused(
        "REPLACE TABLE ... USING parquet of an existing table",
        dir,
        () -> sql("REPLACE TABLE %s USING parquet AS SELECT 1L AS id", t("pq_existing")),
        "pq_existing",
        "parquet");
  }

  @Test
  void aLocationInTheWarehouseIsRefused() {
    Path elsewhere = warehouse.resolve("elsewhere");
    refused(
        "CREATE TABLE ... LOCATION",
        table("located"),
        () -> sql("CREATE TABLE %s (id BIGINT) LOCATION '%s'", t("located"), elsewhere),
        "located",
        "LOCATION");
    Path dir = quotes("located_existing");
    refused(
        "REPLACE TABLE ... LOCATION of an existing table",
        dir,
        () -> sql("REPLACE TABLE %s (id BIGINT) LOCATION '%s'", t("located_existing"), elsewhere),
        "located_existing",
        "LOCATION");
    soft.assertThat(elsewhere).as("nothing written at the LOCATION").doesNotExist();
  }

  @Test
  void alterColumnTypeNarrowingIsRefused() {
    sql(
        "CREATE TABLE %s (id BIGINT, score DOUBLE, amount DECIMAL(12,2), label STRING)",
        t("narrow"));
    sql(
        "INSERT INTO %s VALUES (1, 1.5, 10.25, 'a'), (9999999999, -0.5, 1234567890.12, 'b')",
        t("narrow"));
    Path dir = table("narrow");
    refused(
        "ALTER COLUMN id TYPE INT",
        dir,
        () -> sql("ALTER TABLE %s ALTER COLUMN id TYPE INT", t("narrow")),
        "narrow",
        "`id`");
    refused(
        "ALTER COLUMN score TYPE FLOAT",
        dir,
        () -> sql("ALTER TABLE %s ALTER COLUMN score TYPE FLOAT", t("narrow")),
        "narrow",
        "`score`");
    refused(
        "ALTER COLUMN amount TYPE DECIMAL(6,2)",
        dir,
        () -> sql("ALTER TABLE %s ALTER COLUMN amount TYPE DECIMAL(6,2)", t("narrow")),
        "narrow",
        "`amount`");
    refused(
        "ALTER COLUMN label TYPE INT",
        dir,
        () -> sql("ALTER TABLE %s ALTER COLUMN label TYPE INT", t("narrow")),
        "narrow",
        "`label`");
  }

  // ------------------------------------------------------------------ options

  @Test
  void writingWithVersionAsOfIsRefused() {
    Path dir = quotes("writever");
    refused(
        "path append with versionAsOf=1",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author")
                .write()
                .format("lance")
                .option("versionAsOf", "1")
                .mode("append")
                .save(dir.toString()),
        "writever",
        "versionAsOf");
    refused(
        "path overwrite with timestampAsOf",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author")
                .write()
                .format("lance")
                .option("timestampAsOf", "2020-01-01 00:00:00")
                .mode("overwrite")
                .save(dir.toString()),
        "writever",
        "timestampAsOf");
    refused(
        "DataFrameWriterV2 append with versionAsOf=1",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author")
                .writeTo(t("writever"))
                .option("versionAsOf", "1")
                .append(),
        "writever",
        "versionAsOf");
  }

  @Test
  void anInvalidCompressionOptionIsRefused() {
    Path dir = quotes("compress");
    refused(
        "append with compression=brotli",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author")
                .writeTo(t("compress"))
                .option("compression", "brotli")
                .append(),
        "compression",
        "brotli");
    refused(
        "path append with compression=brotli",
        dir,
        () ->
            spark
                .sql("SELECT 3L AS id, 'x' AS author")
                .write()
                .format("lance")
                .option("compression", "brotli")
                .mode("append")
                .save(dir.toString()),
        "compression",
        "brotli");
    refused(
        "ALTER TABLE SET TBLPROPERTIES compression=brotli",
        dir,
        () -> sql("ALTER TABLE %s SET TBLPROPERTIES ('compression'='brotli')", t("compress")),
        "compression",
        "brotli");
    refused(
        "CREATE TABLE with TBLPROPERTIES compression=brotli",
        table("compress_new"),
        () ->
            sql(
                "CREATE TABLE %s (id BIGINT) TBLPROPERTIES ('compression'='brotli')",
                t("compress_new")),
        "compression",
        "brotli");
    refused(
        "ALTER TABLE SET TBLPROPERTIES max-rows-per-fragment=-5",
        dir,
        () -> sql("ALTER TABLE %s SET TBLPROPERTIES ('max-rows-per-fragment'='-5')", t("compress")),
        "max-rows-per-fragment",
        "-5");
  }

  // ------------------------------------------------------------------ procedures and namespaces

  @Test
  void callingAnUnknownProcedureIsRefused() {
    Path dir = quotes("procs");
    refused(
        "CALL system.nope",
        dir,
        () -> sql("CALL %s.system.nope(table => 'db.procs')", catalog),
        "system.nope does not exist",
        "system.restore");
    refused(
        "CALL other.restore",
        dir,
        () -> sql("CALL %s.other.restore(table => 'db.procs', version => '1')", catalog),
        "other.restore");
    refused(
        "CALL system.restore with an unknown argument",
        dir,
        () -> sql("CALL %s.system.restore(tabel => 'db.procs', version => '1')", catalog),
        "`tabel`");
    refused(
        "CALL system.restore of a missing table",
        dir,
        () -> sql("CALL %s.system.restore(table => 'db.nosuchtable', version => '1')", catalog),
        "nosuchtable");
  }

  @Test
  void droppingANonEmptyNamespaceWithoutCascadeIsRefused() {
    Path dir = quotes("nsdrop");
    sql("CREATE NAMESPACE %s.db.inner", catalog);
    refused(
        "DROP NAMESPACE db",
        dir,
        () -> sql("DROP NAMESPACE %s.db", catalog),
        "`db`",
        "contains objects");
    refused(
        "DROP NAMESPACE db RESTRICT",
        dir,
        () -> sql("DROP NAMESPACE %s.db RESTRICT", catalog),
        "`db`",
        "contains objects");
    List<Row> tables = sql("SHOW TABLES IN %s.db", catalog).collectAsList();
    soft.assertThat(tables)
        .as("tables still listed")
        .extracting(r -> r.getString(1))
        .contains("nsdrop");
    soft.assertThat(Files.isDirectory(warehouse.resolve("db").resolve("inner")))
        .as("inner namespace kept")
        .isTrue();
  }

  // ------------------------------------------------------------------ VACUUM during reads

  /**
   * One thread appends (mostly through the format API, every tenth time with a Spark INSERT) and
   * runs VACUUM RETAIN 0 HOURS after every append (retention threshold 0); five readers load the
   * latest version over and over: one through Spark SQL and two through the format API read every
   * row, two more only load the latest snapshot (the log replay, where a race with the deletion of
   * commit files would show). Appends never remove files, so the files of any version a reader
   * loaded stay referenced by the latest version: a read may never fail, and must always see ids
   * 0..k for some k.
   */
  @Test
  void readsOfTheLatestVersionNeverFailWhileVacuumRuns() throws Exception {
    sql(
        "CREATE TABLE %s (id BIGINT, pad STRING) TBLPROPERTIES ('cleanup.retention-threshold-hours'='0')",
        t("vacread"));
    sql("INSERT INTO %s VALUES (0, 'p0')", t("vacread"));
    Path dir = table("vacread");
    long deadline = System.currentTimeMillis() + 8_000;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger appended = new AtomicInteger();
    AtomicInteger vacuums = new AtomicInteger();
    Map<String, Integer> failures = new ConcurrentHashMap<>();
    List<String> writerErrors = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    Thread writer =
        new Thread(
            () -> {
              try {
                Table table = lance(dir);
                for (int i = 1; System.currentTimeMillis() < deadline; i++) {
                  if (i % 10 == 0) {
                    sql("INSERT INTO %s VALUES (%d, 'p%d')", t("vacread"), i, i);
                  } else {
                    appendRow(table, i);
                  }
                  appended.set(i);
                  sql("VACUUM %s RETAIN 0 HOURS", t("vacread")).collectAsList();
                  vacuums.incrementAndGet();
                }
              } catch (Throwable e) {
                writerErrors.add(chain(e));
              } finally {
                done.set(true);
              }
            },
            "hostile-vacuum-writer");
    List<Thread> readers = new ArrayList<>();
    readers.add(
        new Thread(
            () -> {
              while (!done.get()) {
                try {
                  List<Long> ids = new ArrayList<>();
                  for (Row r : sql("SELECT id, pad FROM %s", t("vacread")).collectAsList()) {
                    ids.add(r.getLong(0));
                  }
                  checkPrefix(ids);
                  reads.computeIfAbsent("spark", k -> new AtomicInteger()).incrementAndGet();
                } catch (Throwable e) {
                  failures.merge(
                      "Spark SQL read: "
                          + rootMessage(e)
                              .replace(warehouseRoot.toString(), "<wh>")
                              .replaceAll("\\d{20}", "<N>")
                              .replaceAll("version \\d+", "version <v>"),
                      1,
                      Integer::sum);
                }
              }
            },
            "hostile-spark-reader"));
    for (int r = 0; r < 4; r++) {
      boolean readRows = r < 2;
      String kind = readRows ? "format API rows" : "format API latestSnapshot";
      readers.add(
          new Thread(
              () -> {
                Table table = lance(dir);
                while (!done.get()) {
                  try {
                    Snapshot s = table.latestSnapshot();
                    if (readRows) {
                      List<Long> ids = new ArrayList<>();
                      for (List<Object> row : rows(s)) {
                        ids.add((Long) row.get(0));
                      }
                      checkPrefix(ids);
                    }
                    reads.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                  } catch (Throwable e) {
                    failures.merge(
                        kind
                            + ": "
                            + rootMessage(e)
                                .replace(warehouseRoot.toString(), "<wh>")
                                .replaceAll("\\d{20}", "<N>")
                                .replaceAll("version \\d+", "version <v>"),
                        1,
                        Integer::sum);
                  }
                }
              },
              "hostile-api-reader-" + r));
    }
    writer.start();
    readers.forEach(Thread::start);
    writer.join(60_000);
    done.set(true);
    for (Thread r : readers) {
      r.join(30_000);
    }

    System.out.printf(
        "CASE %s: %d appends, %d VACUUMs, successful reads %s, failed reads %s%n",
        caseName, appended.get(), vacuums.get(), reads, failures);
    soft.assertThat(writerErrors).as("appends and VACUUMs").isEmpty();
    soft.assertThat(failures)
        .as(
            "reads of the latest version while VACUUM RETAIN 0 HOURS runs (failure message -> count)")
        .isEmpty();
    soft.assertThat(reads).as("successful reads").isNotEmpty();
    Table table = lance(dir);
    soft.assertThat(table.versions()).as("versions after the last VACUUM").hasSize(1);
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : rows(table.latestSnapshot())) {
      ids.add((Long) row.get(0));
    }
    Collections.sort(ids);
    soft.assertThat(ids)
        .as("every appended row")
        .hasSize(appended.get() + 1)
        .startsWith(0L)
        .endsWith((long) appended.get());
  }

  /** Appends the row (id, 'p' + id) through the format API. */
  private static void appendRow(Table table, long id) {
    Snapshot base = table.latestSnapshot();
    List<Fragment> written;
    try (FragmentWriter w =
            table.newFragmentWriter(base.schema(), WriteOptions.defaults(), allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(base.schema().arrowSchema(), allocator)) {
      root.allocateNew();
      ((BigIntVector) root.getVector(0)).setSafe(0, id);
      ((VarCharVector) root.getVector(1))
          .setSafe(0, ("p" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      root.setRowCount(1);
      w.write(root);
      written = w.finish();
    }
    table.newTransaction(base, Operation.APPEND).appendFragments(written).commit();
  }

  private static void checkPrefix(List<Long> ids) {
    List<Long> sorted = new ArrayList<>(ids);
    Collections.sort(sorted);
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i) != i) {
        throw new IllegalStateException(
            "read ids " + sorted + ", which are not 0..k of some version");
      }
    }
    if (sorted.isEmpty()) {
      throw new IllegalStateException("read no rows, but row 0 was in every version");
    }
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Runs a hostile action: it must throw, the messages of the exception and its causes must name
   * each of {@code names}, and {@code folder} (a table, or any folder) must hold the same versions,
   * rows and files as before.
   */
  private void refused(String what, Path folder, ThrowingCallable action, String... names) {
    State before = state(folder);
    Throwable e = catchThrowable(action);
    State after = state(folder);
    String label = caseName + " / " + what;
    soft.assertThat(e).as("%s: refused", label).isNotNull();
    if (e != null) {
      String messages = chain(e);
      System.out.printf("CASE %s%n  -> %s%n", label, firstLine(e.getMessage()));
      for (String name : names) {
        soft.assertThat(messages).as("%s: the error names '%s'", label, name).contains(name);
      }
    } else {
      System.out.printf("CASE %s%n  -> NOT REFUSED%n", label);
    }
    soft.assertThat(after.versions())
        .as("%s: versions unchanged", label)
        .isEqualTo(before.versions());
    soft.assertThat(after.rows())
        .as("%s: rows at every version unchanged", label)
        .isEqualTo(before.rows());
    for (Map.Entry<String, Long> f : before.files().entrySet()) {
      if (f.getKey().matches("(data|_deletions)/[^/]+")
          && !before.referenced().contains(f.getKey())) {
        continue; // an earlier failed write's file, which no version references and which that
        // write's cancelled tasks may still be writing or removing
      }
      soft.assertThat(after.files().get(f.getKey()))
          .as("%s: file %s unchanged", label, f.getKey())
          .isEqualTo(f.getValue());
    }
    // A task Spark cancels mid-write can leave a data file no version references; VACUUM removes
    // it.
    for (String added : after.files().keySet()) {
      if (!before.files().containsKey(added)) {
        soft.assertThat(added)
            .as("%s: a new file is only an unreferenced data file", label)
            .matches("(.*/)?(data|_deletions)/[^/]+");
      }
    }
  }

  /**
   * What a folder holds: its versions (if a table), its rows at each version, and its files with
   * their sizes.
   */
  record State(
      List<Long> versions,
      Map<Long, String> rows,
      SortedMap<String, Long> files,
      java.util.Set<String> referenced) {}

  private State state(Path folder) {
    SortedMap<String, Long> files = new TreeMap<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> walk = Files.walk(folder)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !p.getFileName().toString().endsWith(".crc"))
            .forEach(p -> files.put(folder.relativize(p).toString(), size(p)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (Files.isRegularFile(folder)) {
      files.put(".", size(folder));
    }
    if (!Files.isDirectory(folder.resolve("_versions"))) {
      return new State(List.of(), Map.of(), files, java.util.Set.of());
    }
    Table table = lance(folder);
    List<Long> versions = table.versions();
    Map<Long, String> rows = new TreeMap<>();
    java.util.Set<String> referenced = new java.util.HashSet<>();
    for (long v : versions) {
      try {
        for (io.github.lancelot.format.Fragment f : table.snapshotAt(v).fragments()) {
          f.files().forEach(d -> referenced.add(d.path()));
          if (f.deletionFile() != null) {
            referenced.add(f.deletionFile().path());
          }
        }
        List<String> out = new ArrayList<>();
        for (List<Object> row : rows(table.snapshotAt(v))) {
          out.add(row.toString());
        }
        Collections.sort(out);
        rows.put(v, String.join("\n", out));
      } catch (RuntimeException e) {
        rows.put(v, "<unreadable: " + e.getClass().getSimpleName() + ": " + e.getMessage() + ">");
      }
    }
    return new State(versions, rows, files, referenced);
  }

  /** Every live row of a version, read through the format API. */
  private static List<List<Object>> rows(Snapshot snapshot) {
    List<List<Object>> out = new ArrayList<>();
    Scan scan = snapshot.newScan().build();
    try (Scan.CloseableIterator<FragmentBatch> batches = scan.batches(allocator)) {
      while (batches.hasNext()) {
        try (FragmentBatch batch = batches.next()) {
          VectorSchemaRoot root = batch.root();
          for (int i = 0; i < root.getRowCount(); i++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector v : root.getFieldVectors()) {
              Object o = v.getObject(i);
              row.add(
                  o == null
                      ? null
                      : o instanceof org.apache.arrow.vector.util.Text ? o.toString() : o);
            }
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> listing(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.map(p -> folder.relativize(p).toString()).sorted().toList();
    }
  }

  /** The messages of an exception and all its causes. */
  private static String chain(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + firstLine(c.getMessage());
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "null";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  /**
   * Table {@code db.<name>} (id BIGINT NOT NULL, author STRING) with rows (1, a1) and (2, a2) at
   * version 2.
   */
  private Path quotes(String name) {
    sql("CREATE TABLE %s (id BIGINT NOT NULL, author STRING)", t(name));
    sql("INSERT INTO %s VALUES (1, 'a1'), (2, 'a2')", t(name));
    return table(name);
  }

  private Dataset<Row> sql(String format, Object... args) {
    return spark.sql(String.format(format, args));
  }

  private String t(String name) {
    return catalog + ".db." + name;
  }

  private Path table(String name) {
    return warehouse.resolve("db").resolve(name);
  }

  private static Table lance(Path dir) {
    return Table.forPath(dir.toString(), new Configuration());
  }

  private static String commitName(long version) {
    return String.format("%020d.json", version);
  }
}
