package io.github.lancelot.format;

import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The one storage primitive commits need beyond ordinary file I/O: create a file with given content
 * only if no file exists at that path. Every version of a table is such a file ({@code
 * _versions/<n>.json}), and so is every tag, so this primitive is what makes concurrent writers
 * safe: of several writers racing for one version, exactly one may succeed.
 *
 * <p>Lancelot chooses an implementation per filesystem URI scheme ({@code hard-link} for {@code
 * file}, {@code s3-conditional} for {@code s3a}, {@code s3} and {@code s3n}, {@code
 * create-if-absent} for {@code gs}, {@code single-writer} for object stores without a conditional
 * write ({@code oss}, {@code cos}, {@code cosn}, {@code obs}, {@code wasb}, {@code wasbs}), {@code
 * rename} for every other scheme, HDFS and ADLS among them; docs/format.md section 10.1). The
 * Hadoop configuration key {@value #CONFIG_PREFIX}{@code <scheme>} (scheme in lower case; a path
 * without scheme counts as {@code file}) overrides the choice with one of those names or with the
 * name of a class implementing this interface that has a public constructor taking the table's
 * {@link FileSystem}. The class is loaded with the thread's context class loader, and a new
 * instance may be made for every commit, so state shared between commits (such as a lock) must be
 * static. Any other value is an error naming the scheme and the value.
 *
 * <p>Implementations must be safe to call from several threads and processes at once.
 */
public interface LogStore {
  /** The prefix of the Hadoop configuration key that chooses the store for one URI scheme. */
  String CONFIG_PREFIX = "lancelot.commit.store.";

  /**
   * Writes {@code content} to {@code path} if and only if no file exists there, atomically with
   * respect to every other writer in every process. A partly written file must never be visible
   * under {@code path}: readers see either no file or the whole content. The parent folder may not
   * exist yet (the first commit of a table) and is then created.
   *
   * <p>Exactly three outcomes are allowed. Returning normally means the file now holds {@code
   * content}. {@link FileAlreadyExistsException} means a file already existed at {@code path} and
   * nothing was written. Any other {@link IOException} means the outcome is unknown: the file may
   * or may not have been created with this content; the committer then reads the file back and
   * compares the transaction id it records.
   *
   * @throws FileAlreadyExistsException another writer created the path first; nothing was written
   * @throws IOException the outcome is unknown: the file may or may not have been created
   */
  void writeIfAbsent(Path path, byte[] content) throws IOException;
}
