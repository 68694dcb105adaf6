package io.github.lancelot.format;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.hadoop.conf.Configuration;

/**
 * A writer process for {@link TestMultiProcessAppends}: appends {@code appends} batches of distinct
 * ids to an existing table and prints {@code committed <version>} for each commit.
 *
 * <p>Arguments: table path, writer index, number of appends, and optionally a ready-marker file.
 * With a marker, the process prepares its first append against the version it reads (writes the
 * fragment, does not commit), creates the marker and then waits for a line (or end of input) on
 * stdin before it commits, so that the parent can release all writers at once and every writer's
 * first commit races against the others' from the same version.
 *
 * <p>The system property {@value #HADOOP_CONF} may name a Hadoop configuration file (XML) to add,
 * for a table on another filesystem.
 *
 * <p>Exits with 0 when every append committed, 1 with the stack trace on stderr otherwise.
 */
public final class ConcurrentAppender {
  static final int ROWS_PER_APPEND = 2;
  static final String HADOOP_CONF = "lancelot.test.hadoop.conf";

  private ConcurrentAppender() {}

  /** The ids of one append of one writer: distinct across writers and appends, never 0. */
  static long[] ids(int writer, int append) {
    long first = 1 + (writer * 1_000L + append) * ROWS_PER_APPEND;
    return LongStream.range(first, first + ROWS_PER_APPEND).toArray();
  }

  public static void main(String[] args) {
    int status = 1;
    try {
      run(args);
      status = 0;
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      System.out.flush();
      System.err.flush();
    }
    System.exit(status);
  }

  private static void run(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      throw new IllegalArgumentException(
          "usage: ConcurrentAppender <table> <writer index> <appends> [ready file]");
    }
    String path = args[0];
    int writer = Integer.parseInt(args[1]);
    int appends = Integer.parseInt(args[2]);
    Configuration conf = new Configuration();
    if (System.getProperty(HADOOP_CONF) != null) {
      conf.addResource(new org.apache.hadoop.fs.Path(System.getProperty(HADOOP_CONF)));
    }
    Table table = Table.forPath(path, conf);
    try (BufferAllocator allocator = new RootAllocator()) {
      int k = 0;
      if (args.length == 4 && appends > 0) {
        Snapshot base = table.latestSnapshot();
        Transaction first =
            table
                .newTransaction(base, Operation.APPEND)
                .appendFragments(TestTables.write(table, base.schema(), allocator, ids(writer, 0)));
        Files.createFile(Paths.get(args[3]));
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.out.println("committed " + first.commit().version());
        k = 1;
      }
      for (; k < appends; k++) {
        Snapshot committed = TestTables.append(table, allocator, ids(writer, k));
        System.out.println("committed " + committed.version());
      }
    }
  }
}
