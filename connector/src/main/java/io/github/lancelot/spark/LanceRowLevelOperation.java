package io.github.lancelot.spark;

import io.github.lancelot.format.Operation;
import io.github.lancelot.format.WriteOptions;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.DeltaWriteBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.RowLevelOperation;
import org.apache.spark.sql.connector.write.RowLevelOperationBuilder;
import org.apache.spark.sql.connector.write.RowLevelOperationInfo;
import org.apache.spark.sql.connector.write.SupportsDelta;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * DELETE, UPDATE and MERGE INTO as merge-on-read: Spark scans the affected rows with their row ids
 * ({@code _fragment_id}, {@code _row_offset}) and hands the writer deletes, updates and inserts;
 * only those rows are written, everything else stays in its files. An updated row's new version
 * keeps its {@code _row_id}.
 */
final class LanceRowLevelOperation implements RowLevelOperationBuilder, SupportsDelta {
  private final LanceSparkTable target;
  private final RowLevelOperationInfo info;
  private LanceScanBuilder scan;

  LanceRowLevelOperation(LanceSparkTable target, RowLevelOperationInfo info) {
    this.target = target;
    this.info = info;
  }

  @Override
  public RowLevelOperation build() {
    return this;
  }

  @Override
  public Command command() {
    return info.command();
  }

  @Override
  public String description() {
    return "Lance " + info.command() + " on " + target.name();
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
    scan = (LanceScanBuilder) target.newScanBuilder(options);
    return scan;
  }

  @Override
  public NamedReference[] rowId() {
    return new NamedReference[] {
      Expressions.column(MetadataColumns.FRAGMENT_ID.name()),
      Expressions.column(MetadataColumns.ROW_OFFSET.name())
    };
  }

  /**
   * UPDATE and MERGE need each updated row's id ({@code _row_id}), which its new version keeps; a
   * DELETE needs nothing besides the row ids.
   */
  @Override
  public NamedReference[] requiredMetadataAttributes() {
    return info.command() == Command.DELETE
        ? new NamedReference[0]
        : new NamedReference[] {Expressions.column(MetadataColumns.ROW_ID.name())};
  }

  @Override
  public boolean representUpdateAsDeleteAndInsert() {
    return false;
  }

  @Override
  public DeltaWriteBuilder newWriteBuilder(LogicalWriteInfo writeInfo) {
    Map<String, String> settings = new HashMap<>(target.storedProperties());
    settings.putAll(writeInfo.options().asCaseSensitiveMap());
    String operation =
        switch (info.command()) {
          case DELETE -> Operation.DELETE;
          case UPDATE -> Operation.UPDATE;
          case MERGE -> Operation.MERGE;
        };
    String predicate = scan == null ? null : scan.conditionDescription();
    return new LanceDeltaWrite(
        target.name(),
        target.table(),
        target.snapshot(),
        operation,
        WriteOptions.from(settings),
        predicate);
  }
}
