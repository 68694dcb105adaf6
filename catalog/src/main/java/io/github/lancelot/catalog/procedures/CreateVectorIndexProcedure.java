package io.github.lancelot.catalog.procedures;

import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.spark.VectorIndexBuild;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * {@code CALL lance.system.create_vector_index(table => 'db.t', name => 'by_embedding', column =>
 * 'embedding', kind => 'ivf_flat', metric => 'cosine', partitions => 256, nprobes => 16)}: builds a
 * vector index of the latest version in Spark tasks and commits it as a new version. What {@code
 * CREATE VECTOR INDEX by_embedding ON t (embedding) USING ivf_flat WITH (...)} runs.
 */
public final class CreateVectorIndexProcedure extends LanceProcedure {
  public static final String NAME = "create_vector_index";

  private static final Parameter TABLE = Parameter.required("table", DataTypes.StringType);
  private static final Parameter INDEX = Parameter.required("name", DataTypes.StringType);
  private static final Parameter COLUMN = Parameter.required("column", DataTypes.StringType);
  private static final Parameter KIND =
      Parameter.optional("kind", DataTypes.StringType, "'ivf_flat'");
  private static final Parameter METRIC = Parameter.optional("metric", DataTypes.StringType);
  private static final Parameter PARTITIONS = Parameter.optional("partitions", DataTypes.LongType);
  private static final Parameter NPROBES = Parameter.optional("nprobes", DataTypes.LongType);
  private static final Parameter SAMPLE_ROWS =
      Parameter.optional("sample_rows", DataTypes.LongType);

  public CreateVectorIndexProcedure(ProcedureContext context) {
    super(
        context,
        NAME,
        "Builds a vector index of a vector column in Spark tasks, as a new version",
        TABLE,
        INDEX,
        COLUMN,
        KIND,
        METRIC,
        PARTITIONS,
        NPROBES,
        SAMPLE_ROWS);
  }

  @Override
  public StructType resultSchema() {
    return IndexRows.SCHEMA;
  }

  @Override
  InternalRow[] run(Arguments args) {
    Identifier ident = tableArgument(args.string(TABLE));
    Table table = lanceTable(ident);
    Map<String, String> options = new TreeMap<>();
    args.optionalString(METRIC).ifPresent(v -> options.put("metric", v));
    args.optionalLong(PARTITIONS).ifPresent(v -> options.put("partitions", String.valueOf(v)));
    args.optionalLong(NPROBES).ifPresent(v -> options.put("nprobes", String.valueOf(v)));
    args.optionalLong(SAMPLE_ROWS).ifPresent(v -> options.put("sample_rows", String.valueOf(v)));
    String name = args.string(INDEX);
    Snapshot after =
        VectorIndexBuild.run(
            table,
            table.latestSnapshot(),
            context.displayName(ident),
            name,
            args.string(COLUMN),
            args.string(KIND),
            options);
    refreshCachedTable(ident);
    VectorIndex index =
        after.indexes().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
    return new InternalRow[] {IndexRows.row(index, after)};
  }

  /** The rows that describe vector indexes, in procedures and in the {@code indexes} table. */
  public static final class IndexRows {
    public static final StructType SCHEMA =
        new StructType()
            .add("name", DataTypes.StringType, false)
            .add("column", DataTypes.StringType)
            .add("kind", DataTypes.StringType, false)
            .add(
                "parameters",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType),
                false)
            .add("created_version", DataTypes.LongType, false)
            .add("fragments_covered", DataTypes.LongType, false)
            .add("fragments_not_covered", DataTypes.LongType, false)
            .add("files", DataTypes.LongType, false)
            .add("bytes", DataTypes.LongType, false);

    private IndexRows() {}

    /** The index as {@code version} lists it: what it covers there. */
    public static InternalRow row(VectorIndex index, Snapshot version) {
      long covered = index.coveredFragments(version.schema(), version.fragments()).size();
      Object[] keys = index.parameters().keySet().stream().map(UTF8String::fromString).toArray();
      Object[] values = index.parameters().values().stream().map(UTF8String::fromString).toArray();
      long bytes =
          index.files().stream().mapToLong(VectorIndex.IndexFile::sizeInBytes).sum()
              + index.segments().stream().mapToLong(VectorIndex.Segment::sizeInBytes).sum();
      return new GenericInternalRow(
          new Object[] {
            UTF8String.fromString(index.name()),
            index.column(version.schema()).map(c -> UTF8String.fromString(c.name())).orElse(null),
            UTF8String.fromString(index.kind()),
            new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values)),
            index.createdVersion(),
            covered,
            version.fragments().size() - covered,
            (long) index.paths().size(),
            bytes
          });
    }
  }
}
