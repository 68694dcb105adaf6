package io.github.lancelot.format;

import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.format.internal.io.DeletionVectors;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.TableState;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * A table as of one version: its schema, properties and fragments. Immutable; reading it never
 * changes.
 */
public final class Snapshot {
  private final TableLocation location;
  private final TableState state;

  Snapshot(TableLocation location, TableState state) {
    this.location = location;
    this.state = state;
  }

  TableState state() {
    return state;
  }

  public long version() {
    return state.version();
  }

  /** Commit time of this version, in milliseconds since the epoch. */
  public long timestamp() {
    return state.commitInfo().timestamp();
  }

  public CommitInfo commitInfo() {
    return state.commitInfo();
  }

  public String tableId() {
    return state.metadata().tableId();
  }

  public TableSchema schema() {
    return state.metadata().schema();
  }

  public Map<String, String> properties() {
    return state.metadata().properties();
  }

  public List<Fragment> fragments() {
    return state.fragments();
  }

  /** The vector indexes this version lists (format.md section 20), in the order they were added. */
  public List<VectorIndex> indexes() {
    return state.indexes();
  }

  /**
   * The end of the highest row id range given up to this version: the next fragment committed gets
   * row ids from here (format.md section 22).
   */
  public long rowIdHighWaterMark() {
    return state.rowIdHighWaterMark();
  }

  /**
   * The highest batch version application {@code appId} recorded up to this version ({@link
   * Transaction#recordBatch}); -1 when it recorded none.
   */
  public long batchVersion(String appId) {
    return state.appVersion(appId);
  }

  /** Rows visible in this version, from metadata alone. */
  public long numRows() {
    return state.fragments().stream().mapToLong(Fragment::liveRows).sum();
  }

  /** The offsets of the fragment's deleted rows (empty when none are). */
  public RoaringBitmap deletedRows(Fragment fragment) {
    return fragment.deletionFile() == null
        ? new RoaringBitmap()
        : DeletionVectors.read(location, fragment);
  }

  public ScanBuilder newScan() {
    return new ScanBuilder(location, this);
  }

  @Override
  public String toString() {
    return "Snapshot[" + location.displayName() + " v" + version() + "]";
  }
}
