package io.github.lancelot.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The versioning walkthrough in Spark: the nine statements of {@code quotes-walkthrough.sql} run
 * through the Lance catalog, each one version of {@code lance.demo.quotes}, with real embeddings
 * from two models computed in Java. It prints what each step did, lists the versions, reads every
 * version back by time travel and checks each is exactly what it was, then asks which quotes are
 * closest to "pickle" with each model, at the version that has it: a nearest-neighbour search the
 * scan runs ({@code ORDER BY vector_cosine_similarity(...) DESC LIMIT 3}).
 */
public final class QuotesWalkthrough {
  static final String SCRIPT = "quotes-walkthrough.sql";
  static final String PICKLE = "pickle";

  private final SparkSession spark;
  private final Map<Long, List<String>> rowsAtVersion = new LinkedHashMap<>();
  private final Map<Long, String> schemaAtVersion = new LinkedHashMap<>();

  QuotesWalkthrough(SparkSession spark) {
    this.spark = spark;
  }

  public static void main(String[] args) throws Exception {
    String warehouse = args.length > 0 ? args[0] : "lancelot-walkthrough";
    SparkSession spark = session(warehouse, "local[2]");
    try {
      new QuotesWalkthrough(spark).run();
    } finally {
      spark.stop();
    }
  }

  /**
   * A local session with the Lance catalog over {@code warehouse} (emptied first) and the SQL
   * extensions.
   */
  static SparkSession session(String warehouse, String master) throws IOException {
    Path root = new Path(new java.io.File(warehouse).getAbsoluteFile().toURI());
    root.getFileSystem(new org.apache.hadoop.conf.Configuration()).delete(root, true);
    return SparkSession.builder()
        .master(master)
        .appName("lancelot-quotes-walkthrough")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "io.github.lancelot.catalog.LanceSparkSessionExtensions")
        .config("spark.sql.catalog.lance", "io.github.lancelot.catalog.LanceCatalog")
        .config("spark.sql.catalog.lance.warehouse", root.toString())
        .getOrCreate();
  }

  /** Runs the story and returns the rows of every version, as read right after it was made. */
  Map<Long, List<String>> run() throws IOException {
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lance.demo");
    spark.sql("USE lance.demo");
    for (String[] step : steps()) {
      System.out.println();
      System.out.println("== " + step[0]);
      prepareViews(step[1]);
      spark.sql(step[1]);
      report();
    }
    listVersions();
    readEveryVersionBack();
    nearestToPickle("vector_minilm", SentenceEmbeddings.Model.ALL_MINILM_L6_V2, 5);
    nearestToPickle("vector_bge", SentenceEmbeddings.Model.BGE_SMALL_EN_V15, 8);
    return rowsAtVersion;
  }

  /** The script's statements, each with the comment line that names its step. */
  static List<String[]> steps() throws IOException {
    String script;
    try (InputStream in = QuotesWalkthrough.class.getResourceAsStream(SCRIPT)) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String[]> steps = new ArrayList<>();
    String title = null;
    StringBuilder statement = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.startsWith("-- step ")) {
        title = line.substring(3);
      } else if (!line.startsWith("--") && !line.isBlank()) {
        statement.append(line).append('\n');
        if (line.trim().endsWith(";")) {
          String sql = statement.toString().trim();
          steps.add(new String[] {title, sql.substring(0, sql.length() - 1)});
          statement.setLength(0);
        }
      }
    }
    return steps;
  }

  /** Computes the embedding view a statement uses, from the quotes as they are now. */
  private void prepareViews(String sql) {
    if (sql.contains("minilm_embeddings")) {
      embeddingsView("minilm_embeddings", SentenceEmbeddings.Model.ALL_MINILM_L6_V2);
    }
    if (sql.contains("bge_embeddings")) {
      embeddingsView("bge_embeddings", SentenceEmbeddings.Model.BGE_SMALL_EN_V15);
    }
  }

  private void embeddingsView(String view, SentenceEmbeddings.Model model) {
    List<Row> quotes =
        spark.sql("SELECT id, quote FROM quotes ORDER BY id LIMIT 5").collectAsList();
    SentenceEmbeddings embeddings = new SentenceEmbeddings(model);
    List<float[]> vectors = embeddings.embed(quotes.stream().map(r -> r.getString(1)).toList());
    System.out.println("Vector dimension: " + embeddings.dimension() + " (" + model + ")");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < quotes.size(); i++) {
      rows.add(RowFactory.create(quotes.get(i).getLong(0), asList(vectors.get(i))));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("vector", DataTypes.createArrayType(DataTypes.FloatType));
    spark.createDataFrame(rows, schema).createOrReplaceTempView(view);
  }

  private static List<Float> asList(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float x : v) {
      out.add(x);
    }
    return out;
  }

  private void report() {
    long version =
        spark.sql("SELECT max(version) FROM lance.demo.quotes.history").first().getLong(0);
    long versions = spark.sql("SELECT count(*) FROM lance.demo.quotes.history").first().getLong(0);
    Dataset<Row> table = spark.table("quotes");
    rowsAtVersion.put(version, render(table));
    schemaAtVersion.put(version, table.schema().simpleString());
    System.out.println(
        "Number of versions: "
            + versions
            + ", current version: "
            + version
            + ", rows: "
            + table.count());
    System.out.println("Schema: " + table.schema().simpleString());
  }

  /** Rows as text, with vectors shortened to their first values and dimension. */
  static List<String> render(Dataset<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows.orderBy("id").collectAsList()) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < r.length(); i++) {
        Object v = r.get(i);
        if (v instanceof scala.collection.Seq<?> seq) {
          List<?> list = scala.jdk.javaapi.CollectionConverters.asJava(seq);
          v =
              "["
                  + list.get(0)
                  + ", "
                  + list.get(1)
                  + ", ... "
                  + list.size()
                  + " values, hash "
                  + list.hashCode()
                  + "]";
        }
        b.append(i == 0 ? "" : " | ").append(v);
      }
      out.add(b.toString());
    }
    return out;
  }

  private void listVersions() {
    System.out.println();
    System.out.println("== Versions");
    for (Row r :
        spark
            .sql(
                "SELECT version, timestamp, operation FROM lance.demo.quotes.history ORDER BY version")
            .collectAsList()) {
      System.out.println(
          "Version "
              + r.getLong(0)
              + ", created at "
              + r.getTimestamp(1)
              + " ("
              + r.getString(2)
              + ")");
    }
  }

  private void readEveryVersionBack() {
    System.out.println();
    System.out.println("== Reading every version back by time travel");
    for (Map.Entry<Long, List<String>> e : rowsAtVersion.entrySet()) {
      Dataset<Row> old = spark.sql("SELECT * FROM quotes VERSION AS OF " + e.getKey());
      List<String> now = render(old);
      boolean same =
          now.equals(e.getValue())
              && old.schema().simpleString().equals(schemaAtVersion.get(e.getKey()));
      System.out.println(
          "Version "
              + e.getKey()
              + ": "
              + now.size()
              + " rows, "
              + (same ? "exactly as it was" : "DIFFERENT from when it was made"));
      if (!same) {
        throw new IllegalStateException(
            "Version " + e.getKey() + " reads back differently: " + now);
      }
    }
    spark.sql("SELECT * FROM quotes VERSION AS OF 3 ORDER BY id").show(false);
  }

  /**
   * The three quotes closest to "pickle" by the cosine similarity of their vectors to the word's,
   * found by the scan; the word's vector is a query parameter.
   */
  List<Row> nearestToPickle(String column, SentenceEmbeddings.Model model, long version) {
    float[] query = new SentenceEmbeddings(model).embed(List.of(PICKLE)).get(0);
    String sql =
        "SELECT id, quote, vector_cosine_similarity("
            + column
            + ", :pickle) AS similarity FROM quotes VERSION AS OF "
            + version
            + " ORDER BY similarity DESC LIMIT 3";
    System.out.println();
    System.out.println("== Closest to '" + PICKLE + "' by " + column + " at version " + version);
    System.out.println(sql);
    Dataset<Row> result = spark.sql(sql, Map.of("pickle", query));
    result.show(false);
    return result.collectAsList();
  }
}
