package io.github.lancelot.catalog;

import io.github.lancelot.catalog.procedures.CreateTagProcedure;
import io.github.lancelot.catalog.procedures.CreateVectorIndexProcedure;
import io.github.lancelot.format.CommitInfo;
import io.github.lancelot.format.DataFile;
import io.github.lancelot.format.Fragment;
import io.github.lancelot.format.Snapshot;
import io.github.lancelot.format.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Read-only tables about a table, queryable with SQL: {@code <table>.history} (one row per version,
 * newest first, as DESCRIBE HISTORY shows it), {@code <table>.fragments} (the fragments of the
 * latest version), {@code <table>.tags} (as SHOW TAGS shows them) and {@code <table>.indexes} (the
 * vector indexes of the latest version, with the fragments each covers).
 */
final class MetadataTables {
  private MetadataTables() {}

  /** The metadata tables a table has. */
  enum Kind {
    HISTORY,
    FRAGMENTS,
    TAGS,
    INDEXES;

    static Kind byName(String name) {
      for (Kind k : values()) {
        if (k.name().equalsIgnoreCase(name)) {
          return k;
        }
      }
      return null;
    }
  }

  static final StructType HISTORY_SCHEMA =
      new StructType()
          .add("version", DataTypes.LongType, false)
          .add("timestamp", DataTypes.TimestampType, false)
          .add("operation", DataTypes.StringType, false)
          .add(
              "operationParameters",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("readVersion", DataTypes.LongType)
          .add(
              "operationMetrics",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
          .add("engineInfo", DataTypes.StringType)
          .add("isBlindAppend", DataTypes.BooleanType);

  static final StructType FRAGMENTS_SCHEMA =
      new StructType()
          .add("id", DataTypes.LongType, false)
          .add("rows", DataTypes.LongType, false)
          .add("deleted_rows", DataTypes.LongType, false)
          .add("files", DataTypes.createArrayType(DataTypes.StringType), false)
          .add("bytes", DataTypes.LongType, false)
          .add("deletion_file", DataTypes.StringType)
          .add("base_row_id", DataTypes.LongType, false)
          .add("row_commit_version", DataTypes.LongType);

  static SupportsRead create(Kind kind, String tableName, Table table) {
    return switch (kind) {
      case HISTORY -> history(tableName, table);
      case FRAGMENTS -> fragments(tableName, table);
      case TAGS -> tags(tableName, table);
      case INDEXES -> indexes(tableName, table);
    };
  }

  private static SupportsRead indexes(String tableName, Table table) {
    return new RowsTable(tableName + ".indexes", CreateVectorIndexProcedure.IndexRows.SCHEMA) {
      @Override
      InternalRow[] rows() {
        Snapshot latest = table.latestSnapshot();
        return latest.indexes().stream()
            .map(i -> CreateVectorIndexProcedure.IndexRows.row(i, latest))
            .toArray(InternalRow[]::new);
      }
    };
  }

  private static SupportsRead tags(String tableName, Table table) {
    return new RowsTable(tableName + ".tags", CreateTagProcedure.TagRows.SCHEMA) {
      @Override
      InternalRow[] rows() {
        return table.tags().stream()
            .map(CreateTagProcedure.TagRows::row)
            .toArray(InternalRow[]::new);
      }
    };
  }

  static InternalRow historyRow(CommitInfo c) {
    Map<String, String> metrics = new java.util.TreeMap<>();
    c.operationMetrics().forEach((k, v) -> metrics.put(k, String.valueOf(v)));
    return new GenericInternalRow(
        new Object[] {
          c.version(),
          c.timestamp() * 1000,
          UTF8String.fromString(c.operation()),
          stringMap(c.operationParameters()),
          c.readVersion(),
          stringMap(metrics),
          c.engineInfo() == null ? null : UTF8String.fromString(c.engineInfo()),
          c.blindAppend()
        });
  }

  private static MapData stringMap(Map<String, String> map) {
    List<String> keys = new ArrayList<>(new java.util.TreeMap<>(map).keySet());
    Object[] k = keys.stream().map(UTF8String::fromString).toArray();
    Object[] v = keys.stream().map(key -> UTF8String.fromString(map.get(key))).toArray();
    return new ArrayBasedMapData(new GenericArrayData(k), new GenericArrayData(v));
  }

  private static SupportsRead history(String tableName, Table table) {
    return new RowsTable(tableName + ".history", HISTORY_SCHEMA) {
      @Override
      InternalRow[] rows() {
        return table.history().stream().map(MetadataTables::historyRow).toArray(InternalRow[]::new);
      }

      /** The newest versions only, reading only their commits (DESCRIBE HISTORY ... LIMIT n). */
      @Override
      InternalRow[] rows(int limit) {
        return table.history(limit).stream()
            .map(MetadataTables::historyRow)
            .toArray(InternalRow[]::new);
      }
    };
  }

  private static SupportsRead fragments(String tableName, Table table) {
    return new RowsTable(tableName + ".fragments", FRAGMENTS_SCHEMA) {
      @Override
      InternalRow[] rows() {
        Snapshot snapshot = table.latestSnapshot();
        List<InternalRow> out = new ArrayList<>();
        for (Fragment f : snapshot.fragments()) {
          Object[] files =
              f.files().stream().map(DataFile::path).map(UTF8String::fromString).toArray();
          out.add(
              new GenericInternalRow(
                  new Object[] {
                    f.id(),
                    f.physicalRows(),
                    f.deletedRows(),
                    new GenericArrayData(files),
                    f.dataSizeInBytes(),
                    f.deletionFile() == null
                        ? null
                        : UTF8String.fromString(f.deletionFile().path()),
                    f.defaultRowId(0),
                    f.lineage() == null ? null : f.defaultRowCommitVersion()
                  }));
        }
        return out.toArray(new InternalRow[0]);
      }
    };
  }

  /**
   * A small table whose rows are computed on the driver when it is scanned; a query's {@code LIMIT}
   * is passed to {@link #rows(int)}.
   */
  abstract static class RowsTable implements SupportsRead {
    private final String name;
    private final StructType schema;

    RowsTable(String name, StructType schema) {
      this.name = name;
      this.schema = schema;
    }

    abstract InternalRow[] rows();

    /**
     * The first {@code limit} rows; a table that can compute fewer rows for less overrides this.
     */
    InternalRow[] rows(int limit) {
      InternalRow[] all = rows();
      return all.length <= limit ? all : java.util.Arrays.copyOf(all, limit);
    }

    @Override
    public String name() {
      return name;
    }

    // Spark 4 prefers columns(), derived from this; Spark 3.5 reads schema() itself.
    @Override
    @SuppressWarnings("deprecation")
    public StructType schema() {
      return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return new SupportsPushDownLimit() {
        private int limit = -1;

        @Override
        public boolean pushLimit(int limit) {
          this.limit = limit;
          return true;
        }

        @Override
        public Scan build() {
          InternalRow[] rows = limit < 0 ? rows() : rows(limit);
          return new LocalScan() {
            @Override
            public InternalRow[] rows() {
              return rows;
            }

            @Override
            public StructType readSchema() {
              return schema;
            }
          };
        }
      };
    }
  }
}
