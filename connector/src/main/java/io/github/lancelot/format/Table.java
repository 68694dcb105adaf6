package io.github.lancelot.format;

import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.log.LogReader;
import io.github.lancelot.format.internal.log.Metadata;
import io.github.lancelot.format.internal.log.Protocol;
import io.github.lancelot.format.internal.log.TableState;
import io.github.lancelot.format.internal.maintenance.Cleaner;
import io.github.lancelot.format.internal.maintenance.Compactor;
import io.github.lancelot.format.internal.refs.CloneRegistry;
import io.github.lancelot.format.internal.refs.TagStore;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;

/**
 * A versioned table in a folder on any Hadoop filesystem. The entry point of the format's API: open
 * a version as a {@link Snapshot} (latest, by number or by time), list the history, write fragments
 * and commit changes. Holds no state beyond the location and the name of the engine that commits
 * through it: every call reads the log afresh.
 */
public final class Table {
  private final TableLocation location;
  private final LogReader log;
  private final String engine;

  private Table(TableLocation location, String engine) {
    this.location = location;
    this.log = new LogReader(location);
    this.engine = engine;
  }

  /**
   * The table at {@code uri} (any Hadoop filesystem URI or local path), whether or not it exists
   * yet.
   */
  public static Table forPath(String uri, Configuration conf) {
    return new Table(new TableLocation(uri, conf), null);
  }

  /**
   * This table, naming {@code engine} (e.g. "Apache Spark 4.0.4") in the commit info of every
   * version committed through it: writes, schema changes, restores, compactions and the first
   * version of its shallow clones.
   */
  public Table withEngine(String engine) {
    return new Table(location, engine);
  }

  /** The fully qualified URI of the table's folder. */
  public String location() {
    return location.displayName();
  }

  public Configuration conf() {
    return location.conf();
  }

  TableLocation tableLocation() {
    return location;
  }

  /**
   * Passes each version from {@code first} to {@code last} to {@code visitor}, ascending, reading
   * each commit of the range once (the first version from its nearest checkpoint).
   */
  void forEachSnapshot(long first, long last, java.util.function.Consumer<Snapshot> visitor) {
    log.forEachState(first, last, state -> visitor.accept(new Snapshot(location, state)));
  }

  public boolean exists() {
    return log.tableExists();
  }

  public Snapshot latestSnapshot() {
    return new Snapshot(location, log.load(OptionalLong.empty()));
  }

  /**
   * The latest version, or empty when the table does not exist yet; one listing of the log, one
   * replay.
   */
  public java.util.Optional<Snapshot> latestSnapshotIfExists() {
    return log.loadLatestIfExists().map(state -> new Snapshot(location, state));
  }

  public Snapshot snapshotAt(long version) {
    return new Snapshot(location, log.load(OptionalLong.of(version)));
  }

  /** The last version committed at or before the given time (milliseconds since the epoch). */
  public Snapshot snapshotAsOf(long timestampMillis) {
    return new Snapshot(location, log.loadAsOf(timestampMillis));
  }

  /** The committed versions, oldest first. */
  public List<Long> versions() {
    return log.list().commits();
  }

  /** Every version's commit info, newest first. */
  public List<CommitInfo> history() {
    return history(Integer.MAX_VALUE);
  }

  /** The newest {@code limit} versions' commit infos, newest first. */
  public List<CommitInfo> history(int limit) {
    return log.history(limit);
  }

  /** The version a tag names. */
  public Snapshot snapshotAtTag(String name) {
    TagStore tags = new TagStore(location);
    Tag tag =
        tags.find(name)
            .orElseThrow(
                () ->
                    TableErrors.tagNotFound(
                        location(), name, tags.list().stream().map(Tag::name).toList()));
    try {
      return snapshotAt(tag.version());
    } catch (VersionNotFoundException e) {
      throw TableErrors.tagVersionMissing(location(), name, tag.version(), e);
    }
  }

  /** Names an existing version; not a new version. Fails if the tag exists. */
  public Tag createTag(String name, long version) {
    snapshotAt(version);
    TagStore tags = new TagStore(location);
    tags.create(name, version);
    return tags.find(name).orElseThrow();
  }

  /** Removes a tag (its version stays); false if there was no such tag. */
  public boolean dropTag(String name) {
    return new TagStore(location).drop(name);
  }

  /** Every tag, by name. */
  public List<Tag> tags() {
    return new TagStore(location).list();
  }

  /**
   * Plans a compaction of {@code base}, from metadata alone: which of the fragments {@code include}
   * accepts, small ones and ones with deleted rows, are rewritten together into fragments of about
   * the target size. An engine rewrites the plan's groups on its workers and commits them with
   * {@link CompactionPlan#commit}; {@link #compact(CompactionTarget, Predicate)} does both here.
   */
  public CompactionPlan planCompaction(
      Snapshot base, CompactionTarget target, Predicate<Fragment> include) {
    return new CompactionPlan(this, base, target, include);
  }

  /**
   * Merges small fragments and fragments with deleted rows of the latest version into fragments of
   * about the target size, in this process, as one OPTIMIZE version (the same snapshot if there is
   * nothing to merge). Rows are unchanged and earlier versions stay readable.
   */
  public Snapshot compact(CompactionTarget target, Predicate<Fragment> include) {
    return Compactor.compact(planCompaction(latestSnapshot(), target, include));
  }

  /**
   * {@link #compact(CompactionTarget, Predicate)} with a target of {@code targetRowsPerFragment}
   * rows and the table's {@code max-bytes-per-fragment}.
   */
  public Snapshot compact(long targetRowsPerFragment, Predicate<Fragment> include) {
    Snapshot latest = latestSnapshot();
    CompactionTarget target =
        CompactionTarget.fromProperties(latest.properties())
            .withRowsPerFragment(targetRowsPerFragment);
    return Compactor.compact(planCompaction(latest, target, include));
  }

  /** Removes expired versions and the files no kept version, tag or clone needs. */
  public CleanupResult cleanup(CleanupOptions options) {
    return new Cleaner(this, location).clean(options);
  }

  /**
   * Creates a new table at {@code cloneUri} whose version 1 is {@code source}'s schema, properties
   * and rows, referencing this table's files without copying them. The clone then evolves on its
   * own; this table keeps the files the clone uses when cleaned up.
   */
  public Table shallowClone(Snapshot source, String cloneUri) {
    Table clone = new Table(new TableLocation(cloneUri, location.conf()), engine);
    if (clone.exists()) {
      throw TableErrors.tableAlreadyExists(clone.location());
    }
    List<Fragment> fragments = new java.util.ArrayList<>();
    for (Fragment f : source.fragments()) {
      List<DataFile> files =
          f.files().stream()
              .map(d -> new DataFile(absolute(d.path(), f), d.fieldIds(), d.sizeInBytes()))
              .toList();
      DeletionFile dv =
          f.deletionFile() == null
              ? null
              : new DeletionFile(
                  absolute(f.deletionFile().path(), f),
                  f.deletionFile().cardinality(),
                  f.deletionFile().sizeInBytes());
      fragments.add(new Fragment(f.id(), f.physicalRows(), files, dv, f.stats(), f.lineage()));
    }
    Map<String, String> props = new java.util.TreeMap<>(source.properties());
    java.util.Set<String> owners = new java.util.TreeSet<>();
    owners.add(location());
    fragments.forEach(f -> f.files().forEach(d -> owners.add(tableOwning(d.path()))));
    List<io.github.lancelot.format.index.VectorIndex> indexes =
        source.indexes().stream()
            .map(i -> i.withPaths(path -> absoluteIndexPath(path, i.name())))
            .toList();
    indexes.forEach(
        i ->
            i.paths()
                .forEach(
                    p ->
                        owners.add(
                            new org.apache.hadoop.fs.Path(java.net.URI.create(tableOwning(p)))
                                .getParent()
                                .toString())));
    for (String owner : owners) {
      new CloneRegistry(new TableLocation(owner, location.conf())).register(clone.location());
    }
    clone
        .create(source.schema(), props)
        .restoreFragments(fragments)
        .restoreIndexes(indexes)
        .operationParameter("source", location())
        .operationParameter("sourceVersion", String.valueOf(source.version()))
        .commit();
    return clone;
  }

  /** An index file's fully qualified URI; a path the log must not name is refused, not cloned. */
  private String absoluteIndexPath(String stored, String index) {
    return location.fs().makeQualified(location.resolveIndexFile(stored, index)).toUri().toString();
  }

  /** The file's fully qualified URI; a path the log must not name is refused, not cloned. */
  private String absolute(String stored, Fragment f) {
    return location.fs().makeQualified(location.resolveStored(stored, f.id())).toUri().toString();
  }

  /**
   * Deletes the data files of fragments that were written but not committed. Only files directly in
   * this table's own {@code data/} and {@code _deletions/} folders are ever deleted; any other path
   * is left alone. Returns the files that could not be deleted.
   */
  public List<String> deleteUncommitted(List<Fragment> written) {
    List<String> failed = new java.util.ArrayList<>();
    for (Fragment f : written) {
      for (DataFile d : f.files()) {
        location
            .ownFile(d.path())
            .ifPresent(
                p -> {
                  try {
                    location.fs().delete(p, false);
                  } catch (java.io.IOException e) {
                    failed.add(p.toString());
                  }
                });
      }
    }
    return failed;
  }

  /**
   * The table folder a data file belongs to: the parent of its {@code data/} or {@code _deletions/}
   * folder.
   */
  private static String tableOwning(String absoluteFile) {
    return new org.apache.hadoop.fs.Path(java.net.URI.create(absoluteFile))
        .getParent()
        .getParent()
        .toString();
  }

  /**
   * A transaction that creates the table as version 1; it fails if the table already exists. The
   * table records {@link TableProperties#NEW_TABLE_COMPRESSION} as its codec unless {@code
   * properties} name one.
   */
  public Transaction createTable(TableSchema schema, Map<String, String> properties) {
    return create(schema, TableProperties.forNewTable(properties));
  }

  /** Creates the table with exactly these properties, as a clone keeps its source's. */
  private Transaction create(TableSchema schema, Map<String, String> properties) {
    if (exists()) {
      throw TableErrors.tableAlreadyExists(location());
    }
    TableProperties.validate(properties);
    Metadata metadata =
        new Metadata(UUID.randomUUID().toString(), schema, properties, System.currentTimeMillis());
    return named(
        new Transaction(
            location, TableState.empty(), Operation.CREATE_TABLE, Protocol.current(), metadata));
  }

  /** A transaction that changes the table as read in {@code base}. */
  public Transaction newTransaction(Snapshot base, String operation) {
    return named(new Transaction(location, base.state(), operation, null, null));
  }

  private Transaction named(Transaction txn) {
    return engine == null ? txn : txn.engineInfo(engine);
  }

  /**
   * A writer of new fragments with the given schema (the table's, or the one a transaction will
   * set).
   */
  public FragmentWriter newFragmentWriter(
      TableSchema schema, WriteOptions options, BufferAllocator allocator) {
    return new FragmentWriter(location, schema, options, allocator, false);
  }

  /**
   * A writer of new fragments whose batches carry, after the schema's columns, the hidden columns
   * {@link RowLineage#HIDDEN_COLUMNS}: rows that keep the id (and version) of an existing row, as
   * the new version of an updated row or a compacted row does, store them; rows where they are NULL
   * take the new fragment's own.
   */
  public FragmentWriter newFragmentWriterKeepingLineage(
      TableSchema schema, WriteOptions options, BufferAllocator allocator) {
    return new FragmentWriter(location, schema, options, allocator, true);
  }
}
