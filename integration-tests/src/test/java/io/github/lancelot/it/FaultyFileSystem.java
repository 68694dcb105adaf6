package io.github.lancelot.it;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PositionedReadable;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.Seekable;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local filesystem under the scheme {@code faulty:} ({@code faulty:///tmp/x} is the local
 * {@code /tmp/x}), which fails on command. It extends {@link RawLocalFileSystem} (no {@code .crc}
 * sidecars) so that everything it does not fail is the real local filesystem, and so that Hadoop's
 * own default implementations run on top of it: {@code FileSystem.rename(src, dst, Rename.NONE)}
 * (which {@link FaultyAbstractFileSystem}, the {@code FileContext} binding, calls) checks the
 * target and then calls {@link #rename(Path, Path)} here.
 *
 * <p>Unlike the plain local filesystem, {@link #rename(Path, Path)} refuses (returns false) when
 * the target exists, under one lock, as HDFS does: the local {@code rename(2)} would silently
 * replace the target.
 *
 * <p>Faults are programmed in a static registry shared by every instance (Hadoop makes a new
 * instance per {@code Path.getFileSystem} with the cache disabled, another one for every {@code
 * FileContext}, and Spark's local executors run in this JVM). Each fault fires a given number of
 * times on the first matching calls; every firing is counted in {@link #injected()}.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI NAME = URI.create(SCHEME + ":///");

  /** The filesystem call a fault intercepts. */
  public enum Op {
    /** {@code create}: fail before the file exists. */
    CREATE,
    /**
     * The stream of a created file: see {@link Effect#FAIL_AFTER_BYTES} and {@link
     * Effect#CLOSE_THEN_FAIL}.
     */
    WRITE,
    RENAME,
    LIST,
    OPEN
  }

  /** What an armed fault does when it fires. */
  public enum Effect {
    /** Throw an IOException without doing anything (CREATE, RENAME, OPEN). */
    FAIL,
    /**
     * WRITE: the stream accepts {@code arg} bytes, then throws; the file stays half-written on
     * disk.
     */
    FAIL_AFTER_BYTES,
    /**
     * WRITE: every byte is written and the file is closed (complete, visible), then close() throws.
     */
    CLOSE_THEN_FAIL,
    /** RENAME: return false without renaming. */
    RETURN_FALSE,
    /**
     * RENAME: rename (the target is complete and visible), then throw: the caller cannot tell it
     * happened.
     */
    RENAME_THEN_FAIL,
    /**
     * RENAME: copy the source to the target (complete, visible), keep the source, then throw: a
     * rename made of copy and delete whose delete failed (RawLocalFileSystem's own fallback, object
     * stores).
     */
    COPY_THEN_FAIL,
    /**
     * LIST of a {@code _versions/} folder: leave out the newest commit file, as an eventually
     * consistent listing.
     */
    OMIT_NEWEST_COMMIT,
    /**
     * OPEN: the stream ends after {@code arg} bytes (or half the file when {@code arg} is
     * negative).
     */
    TRUNCATE
  }

  /** One programmed fault. */
  public static final class Fault {
    final String label;
    final Op op;
    final Predicate<Path> target;
    final Effect effect;
    final long arg;
    final Runnable before;
    final AtomicInteger remaining;
    final AtomicInteger fired = new AtomicInteger();

    Fault(
        String label,
        Op op,
        Predicate<Path> target,
        Effect effect,
        long arg,
        int times,
        Runnable before) {
      this.label = label;
      this.op = op;
      this.target = target;
      this.effect = effect;
      this.arg = arg;
      this.before = before;
      this.remaining = new AtomicInteger(times);
    }

    /** How many times it fired. */
    public int fired() {
      return fired.get();
    }

    /** Every path it fired on. */
    public List<Path> hits() {
      return List.copyOf(hitPaths);
    }

    final List<Path> hitPaths = new CopyOnWriteArrayList<>();

    @Override
    public String toString() {
      return label + " (" + op + " " + effect + ", fired " + fired.get() + ")";
    }
  }

  private static final List<Fault> FAULTS = new CopyOnWriteArrayList<>();
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static final Object NAMESPACE_LOCK = new Object();
  private static final Set<FaultyOutputStream> OPEN_STREAMS =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

  /**
   * Files whose write failed midway: they exist on disk and must never be referenced by the table.
   */
  private static final Set<String> HALF_WRITTEN = ConcurrentHashMap.newKeySet();

  // ---- programming faults
  // ------------------------------------------------------------------------------

  public static Fault inject(String label, Op op, Predicate<Path> target, Effect effect) {
    return inject(label, op, target, effect, 0, 1, null);
  }

  public static Fault inject(
      String label,
      Op op,
      Predicate<Path> target,
      Effect effect,
      long arg,
      int times,
      Runnable before) {
    Fault f = new Fault(label, op, target, effect, arg, times, before);
    FAULTS.add(f);
    return f;
  }

  /** Disarms every fault (the counters stay). */
  public static void clearFaults() {
    FAULTS.clear();
  }

  public static int injected() {
    return INJECTED.get();
  }

  /**
   * Output streams created through this filesystem and not closed (whether or not close() threw).
   */
  public static List<String> openStreams() {
    synchronized (OPEN_STREAMS) {
      List<String> out = new ArrayList<>();
      OPEN_STREAMS.forEach(s -> out.add(s.path.toUri().getPath()));
      return out;
    }
  }

  public static void forgetOpenStreams() {
    OPEN_STREAMS.clear();
  }

  public static Set<String> halfWritten() {
    return Set.copyOf(HALF_WRITTEN);
  }

  private static Fault take(Op op, Path path) {
    for (Fault f : FAULTS) {
      if (f.op == op && f.target.test(path)) {
        if (f.remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
          f.fired.incrementAndGet();
          f.hitPaths.add(path);
          INJECTED.incrementAndGet();
          if (f.before != null) {
            f.before.run();
          }
          return f;
        }
      }
    }
    return null;
  }

  private static IOException injectedError(Fault f, Op op, Path path) {
    return new IOException(
        "injected fault '" + f.label + "': " + op + " " + f.effect + " on " + path);
  }

  // ---- path predicates
  // -----------------------------------------------------------------------------------

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final Pattern COMMIT_TEMP = Pattern.compile("\\.\\d{20}\\.json\\..*\\.tmp");
  private static final Pattern CHECKPOINT_TEMP =
      Pattern.compile("\\.\\d{20}\\.checkpoint\\.json\\..*\\.tmp");

  private static String parentName(Path p) {
    return p.getParent() == null ? "" : p.getParent().getName();
  }

  /** Data files ({@code data/<uuid>.arrow}). */
  public static Predicate<Path> dataFiles() {
    return p -> parentName(p).equals("data") && p.getName().endsWith(".arrow");
  }

  /** Deletion vectors ({@code _deletions/*.bin}). */
  public static Predicate<Path> deletionFiles() {
    return p -> parentName(p).equals("_deletions");
  }

  /** Commit files ({@code _versions/<20 digits>.json}). */
  public static Predicate<Path> commitFiles() {
    return p -> parentName(p).equals("_versions") && COMMIT.matcher(p.getName()).matches();
  }

  /** The commit file of one version. */
  public static Predicate<Path> commitFile(long version) {
    String name = String.format("%020d.json", version);
    return p -> parentName(p).equals("_versions") && p.getName().equals(name);
  }

  /** Hidden temp files of commits ({@code _versions/.<20 digits>.json.<uuid>.tmp}). */
  public static Predicate<Path> commitTempFiles() {
    return p -> parentName(p).equals("_versions") && COMMIT_TEMP.matcher(p.getName()).matches();
  }

  /** Hidden temp files of checkpoints. */
  public static Predicate<Path> checkpointTempFiles() {
    return p -> parentName(p).equals("_versions") && CHECKPOINT_TEMP.matcher(p.getName()).matches();
  }

  public static Predicate<Path> checkpointFiles() {
    return p -> parentName(p).equals("_versions") && p.getName().endsWith(".checkpoint.json");
  }

  public static Predicate<Path> lastCheckpointHint() {
    return p -> p.getName().equals("_last_checkpoint");
  }

  /** A {@code _versions} folder (for listings). */
  public static Predicate<Path> versionsFolder() {
    return p -> p.getName().equals("_versions");
  }

  // ---- the filesystem
  // -------------------------------------------------------------------------------------

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public void initialize(URI uri, Configuration conf) throws IOException {
    super.initialize(NAME, conf);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    failCreate(f);
    return wrap(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    failCreate(f);
    return wrap(
        f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    failCreate(f);
    return wrap(
        f,
        super.createNonRecursive(
            f, permission, flags, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    failCreate(f);
    return wrap(
        f,
        super.createNonRecursive(
            f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  private void failCreate(Path f) throws IOException {
    Fault fault = take(Op.CREATE, f);
    if (fault != null) {
      throw injectedError(fault, Op.CREATE, f);
    }
  }

  private FSDataOutputStream wrap(Path f, FSDataOutputStream real) throws IOException {
    Fault fault = take(Op.WRITE, f);
    FaultyOutputStream s = new FaultyOutputStream(f, real, fault);
    OPEN_STREAMS.add(s);
    return new FSDataOutputStream(s, null);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    synchronized (NAMESPACE_LOCK) {
      Fault fault = take(Op.RENAME, dst);
      if (fault != null && fault.effect == Effect.FAIL) {
        throw injectedError(fault, Op.RENAME, dst);
      }
      if (fault != null && fault.effect == Effect.RETURN_FALSE) {
        return false;
      }
      if (pathToFile(dst).isFile()) {
        return false; // HDFS semantics: never replace an existing file
      }
      if (fault != null && fault.effect == Effect.COPY_THEN_FAIL) {
        java.nio.file.Files.copy(pathToFile(src).toPath(), pathToFile(dst).toPath());
        throw new IOException(
            "injected fault '"
                + fault.label
                + "': copied "
                + src
                + " to "
                + dst
                + " but could not delete the source");
      }
      boolean renamed = super.rename(src, dst);
      if (fault != null && fault.effect == Effect.RENAME_THEN_FAIL) {
        throw new IOException(
            "injected fault '"
                + fault.label
                + "': connection lost after renaming "
                + src
                + " to "
                + dst
                + " (renamed: "
                + renamed
                + ")");
      }
      return renamed;
    }
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    FileStatus[] all = super.listStatus(f);
    Fault fault = null;
    String newest = null;
    for (FileStatus s : all) {
      if (COMMIT.matcher(s.getPath().getName()).matches()
          && (newest == null || s.getPath().getName().compareTo(newest) > 0)) {
        newest = s.getPath().getName();
      }
    }
    if (newest != null) {
      fault = take(Op.LIST, f);
    }
    if (fault == null) {
      return all;
    }
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus s : all) {
      if (!s.getPath().getName().equals(newest)) {
        out.add(s);
      }
    }
    return out.toArray(new FileStatus[0]);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    Fault fault = take(Op.OPEN, f);
    if (fault == null) {
      return super.open(f, bufferSize);
    }
    if (fault.effect == Effect.FAIL) {
      if (!pathToFile(f).exists()) {
        throw new FileNotFoundException(f.toString());
      }
      throw injectedError(fault, Op.OPEN, f);
    }
    byte[] all;
    try (FSDataInputStream in = super.open(f, bufferSize)) {
      all = in.readAllBytes();
    }
    int keep = fault.arg < 0 ? all.length / 2 : (int) Math.min(fault.arg, all.length);
    return new FSDataInputStream(new TruncatedInputStream(java.util.Arrays.copyOf(all, keep)));
  }

  // ---- streams
  // --------------------------------------------------------------------------------------------

  /** Passes bytes to the real stream until a WRITE fault says otherwise. */
  static final class FaultyOutputStream extends OutputStream implements Syncable {
    final Path path;
    private final FSDataOutputStream real;
    private final Fault fault;
    private long written;
    private boolean closed;

    FaultyOutputStream(Path path, FSDataOutputStream real, Fault fault) {
      this.path = path;
      this.real = real;
      this.fault = fault;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (fault != null && fault.effect == Effect.FAIL_AFTER_BYTES && written + len > fault.arg) {
        int part = (int) Math.max(0, fault.arg - written);
        real.write(b, off, part);
        real.hflush();
        written += part;
        HALF_WRITTEN.add(path.toUri().getPath());
        throw new IOException(
            "injected fault '"
                + fault.label
                + "': write failed after "
                + written
                + " bytes of "
                + path);
      }
      real.write(b, off, len);
      written += len;
    }

    @Override
    public void flush() throws IOException {
      real.flush();
    }

    @Override
    public void hflush() throws IOException {
      real.hflush();
    }

    @Override
    public void hsync() throws IOException {
      real.hsync();
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      OPEN_STREAMS.remove(this);
      real.close();
      if (fault != null && fault.effect == Effect.CLOSE_THEN_FAIL) {
        throw new IOException(
            "injected fault '"
                + fault.label
                + "': close of "
                + path
                + " failed after every byte was written");
      }
    }
  }

  /**
   * An in-memory copy of the first bytes of a file, seekable and readable by position like a Hadoop
   * stream.
   */
  static final class TruncatedInputStream extends ByteArrayInputStream
      implements Seekable, PositionedReadable {
    TruncatedInputStream(byte[] bytes) {
      super(bytes);
    }

    @Override
    public synchronized void seek(long pos) throws IOException {
      if (pos > count) {
        throw new EOFException("seek to " + pos + " beyond the end (" + count + ")");
      }
      this.pos = (int) pos;
    }

    @Override
    public synchronized long getPos() {
      return pos;
    }

    @Override
    public boolean seekToNewSource(long targetPos) {
      return false;
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) {
      if (position >= count) {
        return -1;
      }
      int n = (int) Math.min(length, count - position);
      System.arraycopy(buf, (int) position, buffer, offset, n);
      return n;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
      if (position + length > count) {
        throw new EOFException(
            "read of " + length + " bytes at " + position + " beyond the end (" + count + ")");
      }
      System.arraycopy(buf, (int) position, buffer, offset, length);
    }

    @Override
    public void readFully(long position, byte[] buffer) throws IOException {
      readFully(position, buffer, 0, buffer.length);
    }
  }
}
