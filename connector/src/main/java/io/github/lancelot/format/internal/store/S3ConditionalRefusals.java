package io.github.lancelot.format.internal.store;

import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;

/**
 * How S3 refuses a PUT with {@code If-None-Match: *}, for each line's {@link S3ConditionalPut}: 412
 * (Precondition Failed) when the key exists, 409 (ConditionalRequestConflict) while another
 * conditional write of the key is in flight. Both become "file already exists", after which the
 * committer reads the new commits and tries again.
 */
final class S3ConditionalRefusals {
  static final String USE_S3A =
      "Use S3A for this scheme (fs.<scheme>.impl=org.apache.hadoop.fs.s3a.S3AFileSystem)";
  private static final int PRECONDITION_FAILED = 412;
  private static final int CONDITIONAL_REQUEST_CONFLICT = 409;

  private S3ConditionalRefusals() {}

  static boolean isRefusal(int httpStatus) {
    return httpStatus == PRECONDITION_FAILED || httpStatus == CONDITIONAL_REQUEST_CONFLICT;
  }

  static FileAlreadyExistsException alreadyExists(Path path, Throwable cause) {
    FileAlreadyExistsException e = new FileAlreadyExistsException(path.toString());
    e.initCause(cause);
    return e;
  }
}
