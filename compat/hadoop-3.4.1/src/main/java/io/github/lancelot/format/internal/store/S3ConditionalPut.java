package io.github.lancelot.format.internal.store;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.hadoop.fs.s3a.impl.PutObjectOptions;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A conditional create on Hadoop 3.4.1, whose S3A has no conditional create of its own: one {@code
 * PutObject} with {@code If-None-Match: *} through the AWS SDK v2 client S3A holds, so it goes to
 * S3A's endpoint with S3A's credentials, and is built by S3A's request factory, so it carries the
 * bucket's encryption and ACL settings.
 */
final class S3ConditionalPut {
  static final String REMEDY = S3ConditionalRefusals.USE_S3A;

  private S3ConditionalPut() {}

  static boolean isAvailable(FileSystem fs, Path path) {
    return fs instanceof S3AFileSystem;
  }

  static void putIfAbsent(FileSystem fs, Path path, byte[] content) throws IOException {
    S3AFileSystem s3a = (S3AFileSystem) fs;
    String key = s3a.pathToKey(path);
    PutObjectRequest.Builder request =
        s3a.getRequestFactory()
            .newPutObjectRequestBuilder(key, PutObjectOptions.keepingDirs(), content.length, false);
    AwsRequestOverrideConfiguration existing = request.overrideConfiguration();
    AwsRequestOverrideConfiguration.Builder override =
        existing == null ? AwsRequestOverrideConfiguration.builder() : existing.toBuilder();
    request.overrideConfiguration(override.putHeader("If-None-Match", "*").build());
    try {
      s3a.getS3AInternals()
          .getAmazonS3Client("conditional commit")
          .putObject(request.build(), RequestBody.fromBytes(content));
    } catch (S3Exception e) {
      if (S3ConditionalRefusals.isRefusal(e.statusCode())) {
        throw S3ConditionalRefusals.alreadyExists(path, e);
      }
      throw S3AUtils.translateException("PUT if absent", path, e);
    } catch (SdkException e) {
      throw S3AUtils.translateException("PUT if absent", path, e);
    }
  }
}
