package io.github.lancelot.format;

import io.github.lancelot.format.internal.io.TableLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Configures a {@link Scan} of a snapshot: which columns, and which fragments may be skipped. */
public final class ScanBuilder {
  private final TableLocation location;
  private final Snapshot snapshot;
  private List<String> columns;
  private Predicate<Fragment> fragmentFilter = f -> true;

  ScanBuilder(TableLocation location, Snapshot snapshot) {
    this.location = location;
    this.snapshot = snapshot;
  }

  /** Reads only these columns, in this order; by default all columns. */
  public ScanBuilder select(List<String> columnNames) {
    this.columns = new ArrayList<>(columnNames);
    return this;
  }

  public ScanBuilder select(String... columnNames) {
    return select(List.of(columnNames));
  }

  /** Skips the fragments for which {@code keep} is false, for example by their column statistics. */
  public ScanBuilder filterFragments(Predicate<Fragment> keep) {
    this.fragmentFilter = this.fragmentFilter.and(keep);
    return this;
  }

  public Scan build() {
    TableSchema schema = snapshot.schema();
    TableSchema projection = columns == null
        ? schema
        : new TableSchema(schema.select(columns), schema.lastFieldId());
    List<Fragment> fragments = snapshot.fragments().stream().filter(fragmentFilter).toList();
    return new Scan(location, snapshot.version(), fragments, projection);
  }
}
