package io.github.lancelot.spark;

import io.github.lancelot.format.TableSchema;
import io.github.lancelot.format.WriteOptions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsOverwrite;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.sources.AlwaysTrue;
import org.apache.spark.sql.sources.Filter;

/**
 * Configures a batch write: append by default, or replace every row ({@link #truncate()}), or
 * create the table when it does not exist yet. Write options and table properties set the fragment
 * layout (see {@link WriteOptions}); the options {@code mergeSchema} and {@code overwriteSchema}
 * let the write change the table's columns in the version it commits ({@link SchemaChangeOnWrite}),
 * and the options {@code txnAppId} and {@code txnVersion} make it idempotent. A streaming query
 * runs the same write once per micro-batch ({@link LanceStreamingWrite}).
 */
final class LanceWriteBuilder implements WriteBuilder, SupportsOverwrite {
  private final LanceSparkTable target;
  private final LogicalWriteInfo info;
  private boolean truncate;
  private Filter[] overwriteWhere;

  LanceWriteBuilder(LanceSparkTable target, LogicalWriteInfo info) {
    this.target = target;
    this.info = info;
  }

  @Override
  public WriteBuilder truncate() {
    truncate = true;
    return this;
  }

  /**
   * Replaces the rows matching the filters (all of them, for a plain overwrite) with the written
   * rows.
   */
  @Override
  public WriteBuilder overwrite(Filter[] filters) {
    if (java.util.Arrays.stream(filters).allMatch(f -> f instanceof AlwaysTrue)) {
      return truncate();
    }
    overwriteWhere = filters;
    return this;
  }

  /**
   * A vector dimension given as a write option must match the column as the write leaves it: an
   * existing vector column, or one the write adds with that dimension.
   */
  private void checkVectorOptions(Map<String, String> options, TableSchema schema) {
    for (Map.Entry<String, String> option : options.entrySet()) {
      String column = SparkSchemas.vectorDimensionColumn(option.getKey());
      if (column == null) {
        continue;
      }
      int dimension =
          SparkSchemas.declaredDimension(column, Map.of(option.getKey(), option.getValue()));
      if (!SparkSchemas.isVectorColumn(schema, column, dimension)) {
        throw SparkErrors.vectorOptionMismatch(target.name(), column, dimension);
      }
    }
  }

  /** The write option naming the application whose batch a batch write records. */
  static final String TXN_APP_ID = "txnAppId";

  /** The write option giving the batch version a batch write records. */
  static final String TXN_VERSION = "txnVersion";

  @Override
  public Write build() {
    Map<String, String> settings = new HashMap<>(target.storedProperties());
    settings.putAll(info.options().asCaseSensitiveMap());
    WriteOptions options = WriteOptions.from(settings);
    return idempotent(buildBatch(settings, options))
        .streamingAs(
            () ->
                new LanceStreamingWrite(
                    target,
                    info.queryId(),
                    info.schema(),
                    truncate,
                    SchemaChangeOnWrite.of(info.options().asCaseSensitiveMap()),
                    settings,
                    options));
  }

  /** Records the batch the options {@code txnAppId} and {@code txnVersion} name, if they do. */
  private LanceBatchWrite idempotent(LanceBatchWrite write) {
    String appId = info.options().get(TXN_APP_ID);
    String version = info.options().get(TXN_VERSION);
    if (appId == null && version == null) {
      return write;
    }
    long batch;
    try {
      batch = appId == null || version == null ? -1 : Long.parseLong(version.trim());
    } catch (NumberFormatException e) {
      batch = -1;
    }
    if (batch < 0 || appId.isBlank()) {
      throw SparkErrors.invalidTxnOptions(target.name(), appId, version);
    }
    return write.recordingBatch(appId, batch);
  }

  private LanceBatchWrite buildBatch(Map<String, String> settings, WriteOptions options) {
    if (target instanceof StagedLanceTable staged) {
      TableSchema schema = staged.schemaForWrite(info.schema(), settings);
      return new LanceBatchWrite(
              target.table(), null, LanceBatchWrite.Mode.STAGED, schema, options, Map.of())
          .stagingInto(staged);
    }
    if (target.snapshot() == null) {
      TableSchema schema = SparkSchemas.toTableSchema(info.schema(), settings);
      return new LanceBatchWrite(
          target.table(),
          null,
          LanceBatchWrite.Mode.CREATE,
          schema,
          options,
          target.createProperties());
    }
    SchemaChangeOnWrite change = SchemaChangeOnWrite.of(info.options().asCaseSensitiveMap());
    if (change == SchemaChangeOnWrite.OVERWRITE && !truncate) {
      throw SparkErrors.overwriteSchemaWithoutOverwrite(
          target.name(), overwriteWhere != null ? "a conditional overwrite of" : "an append to");
    }
    TableSchema current = target.snapshot().schema();
    TableSchema schema =
        WriteSchemas.after(target.name(), current, info.schema(), change, settings);
    Map<String, String> parameters = WriteSchemas.describe(current, schema, change);
    if (overwriteWhere != null) {
      return new LanceBatchWrite(
              target.table(),
              target.snapshot(),
              LanceBatchWrite.Mode.OVERWRITE_WHERE,
              schema,
              options,
              Map.of())
          .replacingRowsWhere(overwriteWhere)
          .recording(parameters);
    }
    checkVectorOptions(info.options().asCaseSensitiveMap(), schema);
    LanceBatchWrite.Mode mode =
        truncate ? LanceBatchWrite.Mode.OVERWRITE : LanceBatchWrite.Mode.APPEND;
    return new LanceBatchWrite(target.table(), target.snapshot(), mode, schema, options, Map.of())
        .recording(parameters);
  }
}
