package io.github.lancelot.format;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Builds every user-facing error of the table format, so that messages stay stable and each names
 * the table, version, column or file at fault. Public because the format's internal packages and
 * the Spark adapter build their errors here too; users catch the exception types, they do not call
 * these methods.
 */
public final class TableErrors {
  private TableErrors() {}

  public static TableNotFoundException tableNotFound(String table) {
    return new TableNotFoundException(
        "Table " + table + " does not exist: it holds no committed version");
  }

  public static LancelotException concurrentCleanup(String table) {
    return new LancelotException(
        "Table "
            + table
            + " changed while cleanup was planning; nothing was removed. Run cleanup again");
  }

  public static LancelotException notATableFolder(String table) {
    return new LancelotException("Table " + table + " is a file, not a directory holding a table");
  }

  public static TableAlreadyExistsException tableAlreadyExists(String table) {
    return new TableAlreadyExistsException("Table " + table + " already exists");
  }

  public static VersionNotFoundException versionNotFound(
      String table, long version, List<Long> versions) {
    return new VersionNotFoundException(
        "Table " + table + " has no version " + version + "; " + describeVersions(versions));
  }

  public static VersionNotFoundException noVersionAtTimestamp(
      String table, long timestampMillis, long earliestVersion, long earliestTimestamp) {
    return new VersionNotFoundException(
        "Table "
            + table
            + " has no version at or before "
            + Instant.ofEpochMilli(timestampMillis)
            + "; the earliest is version "
            + earliestVersion
            + " committed at "
            + Instant.ofEpochMilli(earliestTimestamp));
  }

  private static String describeVersions(List<Long> versions) {
    if (versions.isEmpty()) {
      return "it has no versions";
    }
    long first = versions.get(0);
    long last = versions.get(versions.size() - 1);
    boolean contiguous = last - first + 1 == versions.size();
    if (contiguous) {
      return "available versions are " + first + " to " + last;
    }
    return "available versions are "
        + versions.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  public static CorruptTableException corruptFile(String file, String problem) {
    return new CorruptTableException("Corrupt file " + file + ": " + problem);
  }

  public static CorruptTableException corruptFile(String file, String problem, Throwable cause) {
    return new CorruptTableException("Corrupt file " + file + ": " + problem, cause);
  }

  /**
   * A data file or deletion vector named by the log lies outside the table's folder and is no file
   * of a table that registers this one as its shallow clone: it is never read or deleted.
   */
  public static CorruptTableException fileOutsideTable(String table, String file, long fragmentId) {
    return new CorruptTableException(
        "Corrupt file "
            + file
            + ": fragment "
            + fragmentId
            + " of table "
            + table
            + " names it, but it lies outside the table's folder and in no table that registers"
            + " this one as its shallow clone; it is not read");
  }

  public static CorruptTableException missingCommit(String table, long version, String file) {
    return new CorruptTableException(
        "Table " + table + " is missing the commit of version " + version + " (" + file + ")");
  }

  public static LancelotException unreadableFile(String file, Throwable cause) {
    return new LancelotException("Cannot read " + file + ": " + cause.getMessage(), cause);
  }

  public static UnsupportedProtocolException unsupportedReaderVersion(
      String table, int required, int supported) {
    return new UnsupportedProtocolException(
        "Table "
            + table
            + " requires reader protocol version "
            + required
            + ", but this Lancelot reads versions up to "
            + supported
            + "; upgrade Lancelot to read it");
  }

  public static UnsupportedProtocolException unsupportedWriterVersion(
      String table, int required, int supported) {
    return new UnsupportedProtocolException(
        "Table "
            + table
            + " requires writer protocol version "
            + required
            + ", but this Lancelot writes versions up to "
            + supported
            + "; upgrade Lancelot to write to it");
  }

  public static ConcurrentModificationException concurrentModification(
      String table, String ourOperation, long readVersion, CommitInfo winner, String reason) {
    return new ConcurrentModificationException(
        "Concurrent modification of table "
            + table
            + ": "
            + ourOperation
            + " read version "
            + readVersion
            + ", but version "
            + winner.version()
            + " ("
            + winner.operation()
            + ", committed at "
            + Instant.ofEpochMilli(winner.timestamp())
            + ") "
            + reason
            + ". Nothing was committed; run the operation again",
        winner.version());
  }

  public static ConcurrentModificationException tooManyCommitAttempts(
      String table, String operation, int attempts, long lastVersion) {
    return new ConcurrentModificationException(
        "Could not commit "
            + operation
            + " to table "
            + table
            + " after "
            + attempts
            + " attempts: other writers kept committing first (latest version "
            + lastVersion
            + "). Nothing was committed",
        lastVersion);
  }

  public static BatchAlreadyCommittedException batchAlreadyCommitted(
      String table, String appId, long batchVersion, long recordedVersion) {
    return new BatchAlreadyCommittedException(
        "Table "
            + table
            + " already records batch "
            + recordedVersion
            + " of application "
            + appId
            + ", so batch "
            + batchVersion
            + " was not committed again. Nothing was committed",
        recordedVersion);
  }

  public static LancelotException invalidBatch(String table, String appId, long batchVersion) {
    return new LancelotException(
        "Cannot record batch "
            + batchVersion
            + " of application '"
            + appId
            + "' in a commit to table "
            + table
            + ": the application id must be non-empty and the batch version at least 0");
  }

  public static CommitStateUnknownException commitStateUnknown(
      String table, long version, String file, Throwable cause) {
    return new CommitStateUnknownException(
        "Cannot tell whether version "
            + version
            + " of table "
            + table
            + " was committed: "
            + file
            + " could not be written or read back ("
            + cause.getMessage()
            + ")",
        cause);
  }

  public static CommitStateUnknownException concurrentWriterOnSingleWriterStore(
      String table, String file) {
    return new CommitStateUnknownException(
        "Commit file "
            + file
            + " of table "
            + table
            + " was written by another writer at the same time. "
            + "This filesystem offers no atomic put-if-absent, so only one process may write to a table at a time");
  }

  public static LancelotException commitFailed(String table, long version, Throwable cause) {
    return new LancelotException(
        "Could not write version " + version + " of table " + table + ": " + cause.getMessage(),
        cause);
  }

  public static LancelotException invalidTagName(String table, String name) {
    return new LancelotException(
        "Invalid tag name '"
            + name
            + "' for table "
            + table
            + ": use letters, digits, '_', '.' and '-', starting with a letter or digit and not all digits"
            + " (a number names a version)");
  }

  public static LancelotException tagAlreadyExists(String table, String name) {
    return new LancelotException("Tag '" + name + "' of table " + table + " already exists");
  }

  public static VersionNotFoundException tagNotFound(String table, String name, List<String> tags) {
    return new VersionNotFoundException(
        "Table "
            + table
            + " has no tag '"
            + name
            + "'; "
            + (tags.isEmpty() ? "it has no tags" : "its tags are " + String.join(", ", tags)));
  }

  /**
   * Whether a registered clone exists cannot be told, so cleanup cannot know which files it uses.
   */
  public static LancelotException cloneUnreachable(
      String table, String registration, String clone, Throwable cause) {
    return new LancelotException(
        "Cannot check the shallow clone "
            + clone
            + " registered in "
            + registration
            + " of table "
            + table
            + ": "
            + cause.getMessage()
            + ". Nothing was removed; remove the registration if that clone is gone",
        cause);
  }

  /** A tag names a version the table does not hold (never committed, or removed). */
  public static VersionNotFoundException tagVersionMissing(
      String table, String name, long version, Throwable cause) {
    return new VersionNotFoundException(
        "Tag '"
            + name
            + "' of table "
            + table
            + " names version "
            + version
            + ", which cannot be loaded: "
            + cause.getMessage(),
        cause);
  }

  public static LancelotException retentionTooShort(
      String table, double hours, int thresholdHours) {
    return new LancelotException(
        "Refusing to clean up table "
            + table
            + " with a retention of "
            + hours
            + " hours, below the threshold of "
            + thresholdHours
            + " hours ("
            + TableProperties.CLEANUP_RETENTION_HOURS
            + "): readers and writers in"
            + " flight may still need those versions. Force it if you are sure");
  }

  public static VersionNotFoundException versionCleanedUp(String table, long version, long oldest) {
    return new VersionNotFoundException(
        "Version "
            + version
            + " of table "
            + table
            + " was removed by cleanup; the oldest version kept is "
            + oldest);
  }

  public static LancelotException ioError(String what, Throwable cause) {
    return new LancelotException("I/O error " + what + ": " + cause.getMessage(), cause);
  }

  public static SchemaMismatchException invalidSchemaChange(String table, String problem) {
    return new SchemaMismatchException("Invalid schema change of table " + table + ": " + problem);
  }

  public static SchemaMismatchException unsafeTypeChange(
      String table, String column, ArrowType from, ArrowType to, String widenings) {
    return invalidSchemaChange(
        table,
        "column '"
            + column
            + "' would change type from "
            + from
            + " to "
            + to
            + ", which needs its data rewritten; only safe widenings are allowed, and "
            + ("none".equals(widenings)
                ? from + " has none"
                : from + " can only become " + widenings));
  }

  public static SchemaMismatchException nestedTypeChange(
      String table, String column, String difference) {
    return invalidSchemaChange(
        table,
        "column '"
            + column
            + "' would change its nested fields, which needs its data rewritten ("
            + difference
            + ")");
  }

  public static SchemaMismatchException notNullColumnWithoutDefault(String table, String column) {
    return invalidSchemaChange(
        table,
        "column '"
            + column
            + "' is NOT NULL, but the table has rows that would read NULL in it; "
            + "give the column a default for those rows, or make it nullable");
  }

  /** An invalid column default; {@code table} and {@code column} may be null when not known. */
  public static SchemaMismatchException invalidColumnDefault(
      String table, String column, ArrowType type, String literal, String reason) {
    String problem =
        "the default "
            + literal
            + (column == null ? "" : " of column '" + column + "'")
            + " (type "
            + type
            + ") is invalid: "
            + reason;
    return table == null ? invalidSchema(problem) : invalidSchemaChange(table, problem);
  }

  public static SchemaMismatchException columnDefaultChanged(
      String table, String column, String before, String after) {
    return invalidSchemaChange(
        table,
        "column '"
            + column
            + "' would change its default from "
            + (before == null ? "none" : before)
            + " to "
            + (after == null ? "none" : after)
            + ", which would change the values of rows written before the column "
            + "was added");
  }

  public static SchemaMismatchException invalidSchema(String problem) {
    return new SchemaMismatchException("Invalid table schema: " + problem);
  }

  public static SchemaMismatchException columnNotFound(String column, TableSchema schema) {
    return new SchemaMismatchException(
        "Column '"
            + column
            + "' does not exist; the columns are "
            + schema.columns().stream()
                .map(TableSchema.Column::name)
                .collect(Collectors.joining(", ")));
  }

  public static SchemaMismatchException columnAlreadyExists(String column) {
    return new SchemaMismatchException("Column '" + column + "' already exists");
  }

  public static SchemaMismatchException schemaMismatch(String table, String problem) {
    return new SchemaMismatchException(
        "Data does not match the schema of table " + table + ": " + problem);
  }

  public static SchemaMismatchException nullInNotNullColumn(String table, String column, long row) {
    return new SchemaMismatchException(
        "Column '"
            + column
            + "' of table "
            + table
            + " is NOT NULL, but row "
            + row
            + " of the data is NULL");
  }

  public static LancelotException rowOffsetOutOfRange(
      String table, long fragmentId, long offset, long rows) {
    return new LancelotException(
        "Row offset "
            + offset
            + " is out of range for fragment "
            + fragmentId
            + " of table "
            + table
            + ", which has "
            + rows
            + " rows");
  }

  public static LancelotException fragmentNotFound(String table, long fragmentId, long version) {
    return new LancelotException(
        "Fragment " + fragmentId + " does not exist in version " + version + " of table " + table);
  }

  /**
   * A compaction whose rewrite failed, for example on a worker that could not read a data file;
   * {@code reason} is what failed.
   */
  public static LancelotException compactionFailed(String table, String reason, Throwable cause) {
    return new LancelotException(
        "Compaction (OPTIMIZE) of table " + table + " failed and committed nothing: " + reason,
        cause);
  }

  public static LancelotException compactionResultNotPlanned(String table, List<Long> fragments) {
    return new LancelotException(
        "Cannot commit the compaction of table "
            + table
            + ": fragments "
            + fragments
            + " are not a group of its plan, or their group was rewritten twice");
  }

  public static LancelotException invalidProperty(String key, String value, String expected) {
    return new LancelotException(
        "Invalid value '" + value + "' for " + key + ": expected " + expected);
  }

  public static LancelotException unknownLogStore(String scheme, String name) {
    return new LancelotException(
        "Unknown commit store '"
            + name
            + "' for scheme "
            + scheme
            + ": expected s3-conditional, hard-link, rename, create-if-absent, single-writer or a class name");
  }

  public static LancelotException storeIgnoresConditionalWrites(
      String table, String store, String scheme) {
    return new LancelotException(
        "Refusing to commit to table "
            + table
            + ": the object store at "
            + store
            + " overwrote an object that was written only if absent (If-None-Match: *), so two"
            + " writers committing at once could lose a commit. Use a store that honours conditional"
            + " writes, or set "
            + LogStore.CONFIG_PREFIX
            + scheme
            + "=single-writer to let only one process at a time write to its tables");
  }

  public static LancelotException noConditionalWrites(
      String table, String scheme, String filesystem, String remedy) {
    return new LancelotException(
        "Refusing to commit to table "
            + table
            + ": the filesystem for "
            + scheme
            + ":// ("
            + filesystem
            + ") cannot create a commit file only if it is absent, so two writers committing at once"
            + " could lose a commit. "
            + remedy
            + ", or set "
            + LogStore.CONFIG_PREFIX
            + scheme
            + "=single-writer to let only one process at a time write to its tables");
  }

  public static LancelotException indexAlreadyExists(String table, String name) {
    return new LancelotException(
        "Table " + table + " already has a vector index named '" + name + "'; drop it first");
  }

  public static LancelotException indexNotFound(String table, String name, List<String> indexes) {
    return new LancelotException(
        "Table "
            + table
            + " has no vector index named '"
            + name
            + "'; "
            + (indexes.isEmpty()
                ? "it has no indexes"
                : "its indexes are " + String.join(", ", indexes)));
  }

  public static LancelotException indexColumnNotVector(
      String table, String column, ArrowType type) {
    return new LancelotException(
        "Cannot index column '"
            + column
            + "' of table "
            + table
            + (type == null ? ": there is no such column" : ": it is " + type)
            + "; a vector index needs a column of float vectors (FixedSizeList<Float32>)");
  }

  public static LancelotException unknownIndexKind(String table, String kind, List<String> known) {
    return new LancelotException(
        "Unknown vector index kind '"
            + kind
            + "' for table "
            + table
            + "; the kinds are "
            + String.join(", ", known));
  }

  public static LancelotException invalidIndexOption(
      String table, String index, String option, String value, String expected) {
    return new LancelotException(
        "Invalid option "
            + option
            + (value == null ? "" : " = '" + value + "'")
            + " of vector index '"
            + index
            + "' on table "
            + table
            + ": "
            + expected);
  }

  public static LancelotException indexFileOutsideTable(String table, String file, String index) {
    return new LancelotException(
        "File "
            + file
            + " of vector index '"
            + index
            + "' of table "
            + table
            + " lies outside the table's folder and the folders of tables it was cloned from");
  }

  public static LancelotException indexBuildFailed(String table, String index, Throwable cause) {
    return new LancelotException(
        "Building vector index '"
            + index
            + "' of table "
            + table
            + " failed; nothing was committed and its files were deleted: "
            + cause.getMessage(),
        cause);
  }

  public static LancelotException invalidChangeRange(
      String table, long start, long end, long latest) {
    return new LancelotException(
        "Cannot read the changes of table "
            + table
            + " from version "
            + start
            + " to version "
            + end
            + ": "
            + (start < 1
                ? "versions start at 1"
                : start > end
                    ? "the starting version is after the ending version"
                    : "the latest version is " + latest));
  }

  public static VersionNotFoundException changesCleanedUp(
      String table, long start, long end, long oldest) {
    return new VersionNotFoundException(
        "Cannot read the changes of table "
            + table
            + " from version "
            + start
            + " to version "
            + end
            + ": they are computed from version "
            + Math.max(1, start - 1)
            + " on, which cleanup removed; the oldest version kept is "
            + oldest
            + ", so changes can be read from version "
            + (oldest == 1 ? 1 : oldest + 1)
            + " on");
  }
}
