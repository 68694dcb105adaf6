package io.github.lancelot.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene's HNSW graph (Lucene99HnswVectorsFormat, M = 16, beam width 100, Euclidean), written
 * through {@link IndexWriter} to a directory on the local disk and searched with {@link
 * KnnFloatVectorQuery} on a searcher without an executor, so on the calling thread.
 *
 * <p>First as Lancelot would have it, one index per fragment, each fragment's graph built on a
 * thread of its own and a query searching every graph; then, after {@link #mergeIntoOneGraph}, one
 * graph of all rows, made by Lucene's merge ({@link IndexWriter#addIndexes(CodecReader...)}, the
 * graph of the larger part extended by the other part's vectors on two merge threads).
 */
final class LuceneHnsw implements IndexKind {
  static final int MAX_CONN = 16;
  static final int BEAM_WIDTH = 100;
  private static final String FIELD = "vec";
  private static final String ID = "id";
  private static final int[] BEAMS = {10, 50, 100};

  private final Path dir;
  private final int fragments;
  private final List<Directory> directories = new ArrayList<>();
  private IndexReader reader;
  private IndexSearcher searcher;
  private long[] rowOfDoc;
  private boolean merged;

  LuceneHnsw(Path dir, int fragments) {
    this.dir = dir;
    this.fragments = fragments;
  }

  @Override
  public String name() {
    return "Lucene "
        + org.apache.lucene.util.Version.LATEST
        + " HNSW (M "
        + MAX_CONN
        + ", beam width "
        + BEAM_WIDTH
        + "), "
        + (merged ? "merged into one graph" : "a graph per fragment, " + fragments + " fragments");
  }

  private static IndexWriterConfig config(int mergeWorkers, ExecutorService mergeThreads) {
    KnnVectorsFormat format =
        new Lucene99HnswVectorsFormat(MAX_CONN, BEAM_WIDTH, mergeWorkers, mergeThreads);
    Codec codec =
        new Lucene912Codec() {
          @Override
          public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
            return format;
          }
        };
    return new IndexWriterConfig()
        .setCodec(codec)
        .setUseCompoundFile(false)
        .setRAMBufferSizeMB(1800)
        .setRAMPerThreadHardLimitMB(1900);
  }

  @Override
  public void build(VectorDataSet data) throws Exception {
    int rows = data.vectors().length;
    ExecutorService tasks = Executors.newFixedThreadPool(fragments);
    try {
      List<Future<Directory>> running = new ArrayList<>();
      for (int f = 0; f < fragments; f++) {
        int from = (int) ((long) rows * f / fragments);
        int to = (int) ((long) rows * (f + 1) / fragments);
        Path folder = dir.resolve("lucene-fragment-" + f);
        running.add(tasks.submit(() -> writeFragment(folder, data, from, to)));
      }
      for (Future<Directory> d : running) {
        directories.add(d.get());
      }
    } finally {
      tasks.shutdown();
    }
    List<IndexReader> parts = new ArrayList<>();
    for (Directory d : directories) {
      parts.add(DirectoryReader.open(d));
    }
    open(new MultiReader(parts.toArray(new IndexReader[0])));
  }

  private static Directory writeFragment(Path folder, VectorDataSet data, int from, int to)
      throws IOException {
    Directory directory = FSDirectory.open(folder);
    try (IndexWriter writer = new IndexWriter(directory, config(1, null))) {
      for (int i = from; i < to; i++) {
        Document doc = new Document();
        doc.add(
            new KnnFloatVectorField(FIELD, data.vectors()[i], VectorSimilarityFunction.EUCLIDEAN));
        doc.add(new NumericDocValuesField(ID, i));
        writer.addDocument(doc);
      }
      writer.commit();
    }
    return directory;
  }

  /** Merges the fragments' graphs into one graph of all rows, on two merge threads. */
  void mergeIntoOneGraph() throws Exception {
    Directory target = FSDirectory.open(dir.resolve("lucene-merged"));
    ExecutorService mergeThreads = Executors.newFixedThreadPool(2);
    try (IndexWriter writer = new IndexWriter(target, config(2, mergeThreads))) {
      List<CodecReader> parts = new ArrayList<>();
      for (LeafReaderContext leaf : reader.leaves()) {
        parts.add((CodecReader) leaf.reader());
      }
      writer.addIndexes(parts.toArray(new CodecReader[0]));
      writer.commit();
    } finally {
      mergeThreads.shutdown();
    }
    reader.close();
    directories.add(0, target);
    open(DirectoryReader.open(target));
    merged = true;
  }

  private void open(IndexReader opened) throws IOException {
    reader = opened;
    searcher = new IndexSearcher(reader);
    rowOfDoc = new long[reader.maxDoc()];
    for (LeafReaderContext leaf : reader.leaves()) {
      NumericDocValues ids = leaf.reader().getNumericDocValues(ID);
      for (int doc = ids.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = ids.nextDoc()) {
        rowOfDoc[leaf.docBase + doc] = ids.longValue();
      }
    }
  }

  @Override
  public long sizeInBytes() throws IOException {
    long size = 0;
    for (Directory d : merged ? directories.subList(0, 1) : directories) {
      for (String file : d.listAll()) {
        if (!file.startsWith("segments") && !file.equals("write.lock")) {
          size += d.fileLength(file);
        }
      }
    }
    return size;
  }

  /** The bytes of the graphs alone (the .vex files). */
  long graphBytes() throws IOException {
    long size = 0;
    for (Directory d : merged ? directories.subList(0, 1) : directories) {
      for (String file : d.listAll()) {
        if (file.endsWith(".vex")) {
          size += d.fileLength(file);
        }
      }
    }
    return size;
  }

  @Override
  public String sizeNote() {
    return "index files: the vectors, the graph and the row ids";
  }

  @Override
  public List<String> settings() {
    List<String> out = new ArrayList<>();
    for (int b : BEAMS) {
      out.add("beam " + b + (b == 10 ? " (k)" : ""));
    }
    return out;
  }

  @Override
  public long[] search(float[] query, int k, String setting) throws IOException {
    int beam = Integer.parseInt(setting.split(" ")[1]);
    TopDocs top = searcher.search(new KnnFloatVectorQuery(FIELD, query, Math.max(k, beam)), k);
    long[] out = new long[top.scoreDocs.length];
    int i = 0;
    for (ScoreDoc hit : top.scoreDocs) {
      out[i++] = rowOfDoc[hit.doc];
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    for (Directory d : directories) {
      d.close();
    }
  }
}
