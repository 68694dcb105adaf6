package io.github.lancelot.it;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;

/**
 * The streaming query process of {@link StreamingCrashIT}: a local Spark session runs a query that
 * reads the JSON files of the input folder, one file per micro-batch, slowly (each row takes 20
 * ms), and appends them to the table, with its checkpoint on {@link SlowCommitLogFileSystem}, until
 * all input available is processed. Run again with the same checkpoint it carries on where the
 * killed query stopped.
 *
 * <p>Arguments: input folder, table path, checkpoint folder (local), log file, pause in
 * milliseconds before each commit log entry. Logs {@code started} once the session is up and {@code
 * finished} at the end; exits 0 then, 1 with a stack trace on any error.
 */
public final class StreamingCrashWriter {
  private StreamingCrashWriter() {}

  public static void main(String[] args) {
    ProcessTables.runAndExit(StreamingCrashWriter::run, args);
  }

  private static void run(String[] args) throws Exception {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "usage: StreamingCrashWriter <input> <table> <checkpoint> <log file> <pause millis>");
    }
    Path log = Paths.get(args[3]);
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("streaming-crash-writer")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config(
                "spark.hadoop.fs." + SlowCommitLogFileSystem.SCHEME + ".impl",
                SlowCommitLogFileSystem.class.getName())
            .config("spark.hadoop." + SlowCommitLogFileSystem.PAUSE, args[4])
            .getOrCreate();
    spark
        .udf()
        .register(
            "slowly",
            (UDF1<Long, Long>)
                id -> {
                  Thread.sleep(20);
                  return id;
                },
            DataTypes.LongType);
    ProcessTables.appendDurably(log, "started time=" + System.currentTimeMillis());
    StreamingQuery query =
        spark
            .readStream()
            .schema("id BIGINT, payload STRING")
            .option("maxFilesPerTrigger", 1)
            .json(args[0])
            .selectExpr("slowly(id) AS id", "payload")
            .writeStream()
            .format("lance")
            .option("checkpointLocation", SlowCommitLogFileSystem.SCHEME + "://" + args[2])
            .trigger(Trigger.AvailableNow())
            .start(args[1]);
    query.awaitTermination();
    ProcessTables.appendDurably(
        log, "finished query=" + query.id() + " time=" + System.currentTimeMillis());
    spark.stop();
  }
}
