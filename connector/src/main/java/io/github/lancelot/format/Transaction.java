package io.github.lancelot.format;

import io.github.lancelot.format.index.VectorIndex;
import io.github.lancelot.format.internal.commit.CommitIntent;
import io.github.lancelot.format.internal.commit.Committer;
import io.github.lancelot.format.internal.io.ColumnDefaults;
import io.github.lancelot.format.internal.io.DeletionVectors;
import io.github.lancelot.format.internal.io.SchemaCompatibility;
import io.github.lancelot.format.internal.io.TableLocation;
import io.github.lancelot.format.internal.io.TypeWidening;
import io.github.lancelot.format.internal.log.AppTransaction;
import io.github.lancelot.format.internal.log.Metadata;
import io.github.lancelot.format.internal.log.Protocol;
import io.github.lancelot.format.internal.log.TableState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.roaringbitmap.RoaringBitmap;

/**
 * One change to a table, prepared against the version it read and committed as exactly one new
 * version. If other writers committed in the meantime, the change is rebased over their commits
 * where the format's conflict rules allow, and otherwise fails with {@link
 * ConcurrentModificationException} without a trace.
 */
public final class Transaction {
  private static final String ENGINE = "Lancelot/" + Version.current();

  private final TableLocation location;
  private final TableState base;
  private final String operation;
  private final Protocol protocol;
  private Metadata metadata;
  private final List<Fragment> added = new ArrayList<>();
  private final Map<Long, Fragment> replaced = new LinkedHashMap<>();
  private final Set<Long> removed = new LinkedHashSet<>();
  private final Map<String, VectorIndex> addedIndexes = new LinkedHashMap<>();
  private final Set<String> removedIndexes = new LinkedHashSet<>();
  private final Map<String, String> parameters = new TreeMap<>();
  private final Map<String, Long> metrics = new TreeMap<>();
  private boolean readsAllData;
  private String engineInfo = ENGINE;
  private AppTransaction txn;
  private boolean committed;

  Transaction(
      TableLocation location,
      TableState base,
      String operation,
      Protocol protocol,
      Metadata metadata) {
    this.location = location;
    this.base = base;
    this.operation = operation;
    this.protocol = protocol;
    this.metadata = metadata;
  }

  /** The version this transaction read (0 when it creates the table). */
  public long readVersion() {
    return base.version();
  }

  /** Adds newly written fragments. */
  public Transaction appendFragments(Collection<Fragment> fragments) {
    added.addAll(fragments);
    return this;
  }

  /**
   * Adds fragments keeping their ids, as when a new table starts from another's fragments (a
   * shallow clone).
   */
  Transaction restoreFragments(Collection<Fragment> fragments) {
    fragments.forEach(f -> replaced.put(f.id(), f));
    return this;
  }

  /** Removes all of the fragment's rows from the table. */
  public Transaction removeFragment(long fragmentId) {
    existing(fragmentId);
    replaced.remove(fragmentId);
    removed.add(fragmentId);
    return this;
  }

  /**
   * Removes every fragment of the version read; the operation then conflicts with any concurrent
   * data change.
   */
  public Transaction removeAllFragments() {
    base.fragments().forEach(f -> removeFragment(f.id()));
    readsAllData = true;
    return this;
  }

  /**
   * Puts a changed fragment (same id: another deletion vector, an added data file) in place of the
   * old one.
   */
  public Transaction replaceFragment(Fragment fragment) {
    existing(fragment.id());
    removed.remove(fragment.id());
    replaced.put(fragment.id(), fragment);
    return this;
  }

  /**
   * Marks rows of a fragment deleted by writing a new deletion vector (the union with the existing
   * one). A fragment whose rows are then all deleted is removed. Returns how many rows were newly
   * deleted.
   */
  public long deleteRows(long fragmentId, RoaringBitmap offsets) {
    if (removed.contains(fragmentId)) {
      existing(fragmentId);
      return 0;
    }
    Fragment fragment = replaced.getOrDefault(fragmentId, existing(fragmentId));
    if (!offsets.isEmpty() && Integer.toUnsignedLong(offsets.last()) >= fragment.physicalRows()) {
      throw TableErrors.rowOffsetOutOfRange(
          location.displayName(),
          fragmentId,
          Integer.toUnsignedLong(offsets.last()),
          fragment.physicalRows());
    }
    RoaringBitmap all =
        fragment.deletionFile() == null
            ? new RoaringBitmap()
            : DeletionVectors.read(location, fragment);
    long before = all.getLongCardinality();
    all.or(offsets);
    long newlyDeleted = all.getLongCardinality() - before;
    if (newlyDeleted == 0) {
      return 0;
    }
    if (all.getLongCardinality() == fragment.physicalRows()) {
      removeFragment(fragmentId);
    } else {
      replaceFragment(
          fragment.withDeletionFile(
              DeletionVectors.write(location, fragmentId, base.version() + 1, all)));
    }
    metrics.merge("numDeletedRows", newlyDeleted, Long::sum);
    return newlyDeleted;
  }

  private Fragment existing(long fragmentId) {
    Fragment f = base.fragment(fragmentId);
    if (f == null) {
      throw TableErrors.fragmentNotFound(location.displayName(), fragmentId, base.version());
    }
    return f;
  }

  /**
   * Lists a new vector index (format.md section 20). Its name must not be taken at the version
   * read, and its column must be a float vector column of it.
   */
  public Transaction addIndex(VectorIndex index) {
    String table = location.displayName();
    if (base.index(index.name()) != null || addedIndexes.containsKey(index.name())) {
      throw TableErrors.indexAlreadyExists(table, index.name());
    }
    TableSchema schema = currentMetadata().schema();
    TableSchema.Column column =
        schema
            .columnById(index.fieldId())
            .orElseThrow(
                () -> TableErrors.indexColumnNotVector(table, "field id " + index.fieldId(), null));
    if (index.column(schema).isEmpty()) {
      throw TableErrors.indexColumnNotVector(table, column.name(), column.field().getType());
    }
    addedIndexes.put(index.name(), index);
    return this;
  }

  /** Removes the vector index of that name, which the version read must list. */
  public Transaction removeIndex(String name) {
    if (base.index(name) == null) {
      throw TableErrors.indexNotFound(
          location.displayName(), name, base.indexes().stream().map(VectorIndex::name).toList());
    }
    addedIndexes.remove(name);
    removedIndexes.add(name);
    return this;
  }

  /** Lists indexes as given, as when a new table starts from another's version (a clone). */
  Transaction restoreIndexes(Collection<VectorIndex> indexes) {
    indexes.forEach(i -> addedIndexes.put(i.name(), i));
    return this;
  }

  /**
   * Makes this version equal to an earlier one: its schema, properties and fragments (with their
   * deletion vectors), without copying or rewriting any data file. The versions in between stay in
   * the history. Field ids used since the earlier version are never reused.
   */
  public Transaction restore(Snapshot target) {
    Map<Long, Fragment> wanted = new LinkedHashMap<>();
    target.fragments().forEach(f -> wanted.put(f.id(), f));
    for (Fragment f : base.fragments()) {
      if (!f.equals(wanted.get(f.id()))) {
        removed.add(f.id());
      }
    }
    for (Fragment f : target.fragments()) {
      if (!f.equals(base.fragment(f.id()))) {
        removed.remove(f.id());
        replaced.put(f.id(), f);
      }
    }
    TableSchema schema =
        new TableSchema(
            target.schema().columns(),
            Math.max(target.schema().lastFieldId(), base.metadata().schema().lastFieldId()));
    metadata =
        new Metadata(
            base.metadata().tableId(), schema, target.properties(), base.metadata().createdTime());
    Map<String, VectorIndex> wantedIndexes = new LinkedHashMap<>();
    target.indexes().forEach(i -> wantedIndexes.put(i.name(), i));
    for (VectorIndex i : base.indexes()) {
      if (!i.equals(wantedIndexes.get(i.name()))) {
        removedIndexes.add(i.name());
      }
    }
    for (VectorIndex i : target.indexes()) {
      if (!i.equals(base.index(i.name()))) {
        removedIndexes.remove(i.name());
        addedIndexes.put(i.name(), i);
      }
    }
    readsAllData = true;
    parameters.put("version", String.valueOf(target.version()));
    metrics.put("numRestoredFragments", (long) replaced.size());
    return this;
  }

  /**
   * Changes the schema; field ids of kept columns must stay as they were. A kept column may change
   * its type only by a safe widening ({@link TypeWidening}); its data files keep the old type and
   * are converted when read. A column's default ({@link ColumnDefaults}) must be valid for its
   * type; it is what rows written before the column was added read, so a NOT NULL column can be
   * added to a table with rows only with a default, and the default of a column that such rows read
   * cannot change.
   */
  public Transaction setSchema(TableSchema schema) {
    String table = location.displayName();
    TableSchema old = currentMetadata().schema();
    if (schema.lastFieldId() < old.lastFieldId()) {
      throw TableErrors.invalidSchemaChange(table, "field ids were renumbered");
    }
    for (TableSchema.Column c : schema.columns()) {
      var before = old.columnById(c.id());
      if (before.isPresent()) {
        checkTypeChange(table, before.get().field(), c.field());
      }
      if (before.isEmpty() && c.id() <= old.lastFieldId()) {
        throw TableErrors.invalidSchemaChange(
            table, "column '" + c.name() + "' reuses field id " + c.id());
      }
      Object defaultValue = ColumnDefaults.valueOf(table, c.field());
      boolean readByOlderRows = someFragmentLacks(c.id());
      if (before.isEmpty() && !c.field().isNullable() && defaultValue == null && readByOlderRows) {
        throw TableErrors.notNullColumnWithoutDefault(table, c.name());
      }
      if (before.isPresent() && readByOlderRows) {
        checkDefaultKept(table, before.get().field(), c.field(), defaultValue);
      }
    }
    metadata = currentMetadata().withSchema(schema);
    return this;
  }

  private static void checkTypeChange(String table, Field before, Field after) {
    ArrowType from = before.getType();
    ArrowType to = after.getType();
    if (!from.equals(to)) {
      if (!TypeWidening.isWidening(from, to)) {
        throw TableErrors.unsafeTypeChange(
            table, after.getName(), from, to, TypeWidening.describeWidenings(from));
      }
      return;
    }
    SchemaCompatibility.mismatch(after, before)
        .ifPresent(
            difference -> {
              throw TableErrors.nestedTypeChange(table, after.getName(), difference);
            });
  }

  private static void checkDefaultKept(String table, Field before, Field after, Object newValue) {
    Optional<String> oldLiteral = ColumnDefaults.literal(before);
    Optional<String> newLiteral = ColumnDefaults.literal(after);
    if (oldLiteral.equals(newLiteral)) {
      return;
    }
    boolean same;
    try {
      same = ColumnDefaults.sameValue(ColumnDefaults.valueOf(table, before), newValue);
    } catch (SchemaMismatchException invalidBefore) {
      same = false;
    }
    if (!same) {
      throw TableErrors.columnDefaultChanged(
          table, after.getName(), oldLiteral.orElse(null), newLiteral.orElse(null));
    }
  }

  /**
   * Whether a fragment of the table as this transaction leaves it so far has no data file for the
   * field.
   */
  private boolean someFragmentLacks(int fieldId) {
    return Stream.concat(
            base.fragments().stream()
                .filter(f -> !removed.contains(f.id()))
                .map(f -> replaced.getOrDefault(f.id(), f)),
            added.stream())
        .anyMatch(f -> f.fileHolding(fieldId).isEmpty());
  }

  /** Replaces all table properties. */
  public Transaction setProperties(Map<String, String> properties) {
    TableProperties.validate(properties);
    metadata = currentMetadata().withProperties(properties);
    return this;
  }

  private Metadata currentMetadata() {
    return metadata != null ? metadata : base.metadata();
  }

  /** Records an argument of the operation in the version's commit info. */
  public Transaction operationParameter(String key, String value) {
    parameters.put(key, value);
    return this;
  }

  /** Records a count in the version's commit info. */
  public Transaction operationMetric(String key, long value) {
    metrics.put(key, value);
    return this;
  }

  /**
   * Declares that the operation's result depends on every row it read, so concurrent data changes
   * conflict.
   */
  public Transaction readsAllData() {
    readsAllData = true;
    return this;
  }

  /**
   * Records that this commit is batch {@code batchVersion} of application {@code appId} (a
   * streaming query, or a job writing idempotently; format.md section 3.8). The commit then fails
   * with {@link BatchAlreadyCommittedException}, leaving the table unchanged, if the table already
   * records that batch or a later one of the application, also when that record is committed
   * concurrently.
   */
  public Transaction recordBatch(String appId, long batchVersion) {
    if (appId == null || appId.isEmpty() || batchVersion < 0) {
      throw TableErrors.invalidBatch(location.displayName(), appId, batchVersion);
    }
    txn = new AppTransaction(appId, batchVersion);
    return this;
  }

  /** Names the engine in the commit info, e.g. "Apache Spark 4.0.4". */
  public Transaction engineInfo(String engine) {
    engineInfo = engine + " " + ENGINE;
    return this;
  }

  /**
   * Commits the change as one new version and returns the snapshot of that version.
   *
   * @throws ConcurrentModificationException a concurrent commit conflicts with this one
   * @throws TableAlreadyExistsException the transaction creates a table that another writer created
   *     first
   * @throws BatchAlreadyCommittedException the table already records the batch of {@link
   *     #recordBatch}
   */
  public Snapshot commit() {
    if (committed) {
      throw new IllegalStateException("transaction of " + operation + " was already committed");
    }
    committed = true;
    CommitIntent intent =
        new CommitIntent(
            operation,
            parameters,
            metrics,
            protocol,
            protocol != null ? metadata : metadataIfChanged(),
            added,
            List.copyOf(replaced.values()),
            removed,
            List.copyOf(addedIndexes.values()),
            removedIndexes,
            readsAllData,
            engineInfo,
            txn);
    return new Snapshot(location, new Committer(location).commit(base, intent));
  }

  private Metadata metadataIfChanged() {
    return metadata != null && !metadata.equals(base.metadata()) ? metadata : null;
  }
}
