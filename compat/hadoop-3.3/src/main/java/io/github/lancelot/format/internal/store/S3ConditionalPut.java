package io.github.lancelot.format.internal.store;

import com.amazonaws.AmazonClientException;
import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.s3.model.PutObjectRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.hadoop.fs.s3a.api.RequestFactory;

/**
 * A conditional create on Hadoop 3.3, whose S3A has no conditional create of its own and talks to
 * S3 with the AWS SDK v1: one {@code PutObject} with {@code If-None-Match: *} through the client
 * S3A holds, so it goes to S3A's endpoint with S3A's credentials, and is built by S3A's request
 * factory, so it carries the bucket's encryption and ACL settings.
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
    RequestFactory factory = s3a.getRequestFactory();
    PutObjectRequest request =
        factory.newPutObjectRequest(
            key, factory.newObjectMetadata(content.length), new ByteArrayInputStream(content));
    request.putCustomRequestHeader("If-None-Match", "*");
    try {
      s3a.getAmazonS3ClientForTesting("conditional commit").putObject(request);
    } catch (AmazonServiceException e) {
      if (S3ConditionalRefusals.isRefusal(e.getStatusCode())) {
        throw S3ConditionalRefusals.alreadyExists(path, e);
      }
      throw S3AUtils.translateException("PUT if absent", path, e);
    } catch (AmazonClientException e) {
      throw S3AUtils.translateException("PUT if absent", path, e);
    }
  }
}
