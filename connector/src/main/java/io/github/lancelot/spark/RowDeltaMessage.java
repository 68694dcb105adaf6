package io.github.lancelot.spark;

import io.github.lancelot.format.Fragment;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one task of a DELETE, UPDATE or MERGE produced: new fragments for inserted and updated rows,
 * and per existing fragment the offsets of rows to delete (RoaringBitmap, serialized), plus counts
 * for the commit's metrics.
 */
record RowDeltaMessage(
    List<Fragment> inserted,
    Map<Long, byte[]> deletions,
    long deletedRows,
    long updatedRows,
    long insertedRows)
    implements WriterCommitMessage {}
