package io.github.lancelot.format.internal.log.json;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.github.lancelot.format.index.VectorIndex;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code addIndex} action on disk: a vector index entry (format.md section 3.6). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "id",
  "name",
  "fieldId",
  "kind",
  "kindVersion",
  "parameters",
  "createdVersion",
  "files",
  "segments"
})
public record IndexJson(
    String id,
    String name,
    int fieldId,
    String kind,
    int kindVersion,
    Map<String, String> parameters,
    long createdVersion,
    List<FileJson> files,
    List<SegmentJson> segments) {

  /** A file of the whole index. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FileJson(String path, long sizeInBytes) {}

  /** One segment and the fragments it holds rows of. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SegmentJson(String path, long sizeInBytes, List<FragmentRef> fragments) {}

  /** A fragment of a segment, with the data file its vectors were read from. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record FragmentRef(long id, String dataFile) {}

  public static IndexJson of(VectorIndex i) {
    return new IndexJson(
        i.id(),
        i.name(),
        i.fieldId(),
        i.kind(),
        i.kindVersion(),
        i.parameters(),
        i.createdVersion(),
        i.files().stream().map(f -> new FileJson(f.path(), f.sizeInBytes())).toList(),
        i.segments().stream()
            .map(
                s ->
                    new SegmentJson(
                        s.path(),
                        s.sizeInBytes(),
                        s.fragments().stream()
                            .map(f -> new FragmentRef(f.id(), f.dataFile()))
                            .toList()))
            .toList());
  }

  public VectorIndex toIndex() {
    return new VectorIndex(
        Objects.requireNonNull(id, "addIndex without an id"),
        Objects.requireNonNull(name, "addIndex without a name"),
        fieldId,
        Objects.requireNonNull(kind, "addIndex without a kind"),
        kindVersion,
        parameters == null ? Map.of() : parameters,
        createdVersion,
        files == null
            ? List.of()
            : files.stream()
                .map(
                    f ->
                        new VectorIndex.IndexFile(
                            Objects.requireNonNull(f.path(), "index file without a path"),
                            f.sizeInBytes()))
                .toList(),
        segments == null
            ? List.of()
            : segments.stream()
                .map(
                    s ->
                        new VectorIndex.Segment(
                            Objects.requireNonNull(s.path(), "index segment without a path"),
                            s.sizeInBytes(),
                            s.fragments() == null
                                ? List.of()
                                : s.fragments().stream()
                                    .map(
                                        f ->
                                            new VectorIndex.IndexedFragment(
                                                f.id(),
                                                Objects.requireNonNull(
                                                    f.dataFile(),
                                                    "indexed fragment without a dataFile")))
                                    .toList()))
                .toList());
  }
}
