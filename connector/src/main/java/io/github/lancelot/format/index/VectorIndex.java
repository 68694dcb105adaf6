package io.github.lancelot.format.index;

import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A vector index as a version lists it (the log's {@code addIndex} entry, format.md section 20):
 * its name, the indexed column by field id, its kind and settings, and its files, each segment with
 * the fragments it holds rows of. What it covers at a version is decided per fragment by {@link
 * #coveredFragments}, so an index never makes a search wrong: fragments it does not cover are
 * searched exactly.
 *
 * @param id the build's UUID; its files live in {@code _indexes/<id>/}
 * @param createdVersion the version whose commit added it (0 until committed)
 */
public record VectorIndex(
    String id,
    String name,
    int fieldId,
    String kind,
    int kindVersion,
    Map<String, String> parameters,
    long createdVersion,
    List<IndexFile> files,
    List<Segment> segments)
    implements Serializable {

  public VectorIndex {
    parameters = Map.copyOf(parameters);
    files = List.copyOf(files);
    segments = List.copyOf(segments);
  }

  /** A file of the whole index, such as its centroids. */
  public record IndexFile(String path, long sizeInBytes) implements Serializable {}

  /** One file holding the index's rows of some fragments. */
  public record Segment(String path, long sizeInBytes, List<IndexedFragment> fragments)
      implements Serializable {
    public Segment {
      fragments = List.copyOf(fragments);
    }
  }

  /**
   * A fragment a segment holds rows of, with the stored path of the data file that held the indexed
   * column when the segment was written.
   */
  public record IndexedFragment(long id, String dataFile) implements Serializable {}

  public VectorIndex withCreatedVersion(long version) {
    return new VectorIndex(
        id, name, fieldId, kind, kindVersion, parameters, version, files, segments);
  }

  /** This index with every stored path (files, segments, data files) passed through {@code f}. */
  public VectorIndex withPaths(UnaryOperator<String> f) {
    List<Segment> moved = new ArrayList<>();
    for (Segment s : segments) {
      moved.add(
          new Segment(
              f.apply(s.path()),
              s.sizeInBytes(),
              s.fragments().stream()
                  .map(x -> new IndexedFragment(x.id(), f.apply(x.dataFile())))
                  .toList()));
    }
    return new VectorIndex(
        id,
        name,
        fieldId,
        kind,
        kindVersion,
        parameters,
        createdVersion,
        files.stream().map(x -> new IndexFile(f.apply(x.path()), x.sizeInBytes())).toList(),
        moved);
  }

  /** Every file path the entry names: its files and its segments. */
  public List<String> paths() {
    List<String> out = new ArrayList<>();
    files.forEach(x -> out.add(x.path()));
    segments.forEach(x -> out.add(x.path()));
    return out;
  }

  /** The indexed column in {@code schema}, if it is still there and still a float vector column. */
  public Optional<TableSchema.Column> column(TableSchema schema) {
    return schema
        .columnById(fieldId)
        .filter(
            c ->
                c.field().getType() instanceof ArrowType.FixedSizeList
                    && c.field().getChildren().size() == 1
                    && c.field().getChildren().get(0).getType()
                        instanceof ArrowType.FloatingPoint element
                    && element.getPrecision() == FloatingPointPrecision.SINGLE);
  }

  /**
   * The ids of the {@code live} fragments a segment of this index covers: those whose data file
   * holding the indexed column is the one the segment was built from. Empty when the column is
   * gone.
   */
  public List<Long> coveredFragments(TableSchema schema, List<Fragment> live) {
    if (column(schema).isEmpty()) {
      return List.of();
    }
    Map<Long, String> built = new java.util.HashMap<>();
    segments.forEach(s -> s.fragments().forEach(x -> built.put(x.id(), x.dataFile())));
    List<Long> covered = new ArrayList<>();
    for (Fragment f : live) {
      String dataFile = built.get(f.id());
      if (dataFile != null
          && f.fileHolding(fieldId).map(DataFile::path).filter(dataFile::equals).isPresent()) {
        covered.add(f.id());
      }
    }
    return covered;
  }
}
