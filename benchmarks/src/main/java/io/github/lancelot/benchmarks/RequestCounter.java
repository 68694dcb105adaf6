package io.github.lancelot.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Counts every HTTP request the S3 clients of S3A send, by kind: S3A adds this interceptor to each
 * client it creates ({@code fs.s3a.audit.execution.interceptors}), so it also sees the requests
 * that go to the SDK client directly rather than through S3A's own operations (Lancelot's
 * conditional commit PUT), and every retry. The counts are global to the JVM: in local mode the
 * driver and the executors share it.
 */
public final class RequestCounter implements ExecutionInterceptor {
  private static final Object LOCK = new Object();
  private static final Map<String, Long> COUNTS = new TreeMap<>();
  private static final List<String> TRACE = new ArrayList<>();
  private static volatile boolean tracing;

  /** The kinds of request, in the order of the report's columns. */
  static final List<String> KINDS =
      List.of("GET", "HEAD", "LIST", "PUT", "DELETE", "BULK DELETE", "COPY", "MULTIPART", "OTHER");

  /** Created by S3A, once per S3 client. */
  public RequestCounter() {}

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
    SdkHttpRequest request = context.httpRequest();
    String kind = kind(request);
    synchronized (LOCK) {
      COUNTS.merge(kind, 1L, Long::sum);
      if (tracing) {
        String query =
            request.rawQueryParameters().isEmpty() ? "" : " " + request.rawQueryParameters();
        TRACE.add(
            kind + " " + request.method() + " " + request.encodedPath() + query + " " + caller());
      }
    }
  }

  static String kind(SdkHttpRequest request) {
    Map<String, List<String>> query = request.rawQueryParameters();
    return switch (request.method()) {
      case GET -> query.containsKey("list-type") || query.containsKey("prefix") ? "LIST" : "GET";
      case HEAD -> "HEAD";
      case PUT ->
          request.firstMatchingHeader("x-amz-copy-source").isPresent()
              ? "COPY"
              : query.containsKey("partNumber") ? "MULTIPART" : "PUT";
      case DELETE -> query.containsKey("uploadId") ? "MULTIPART" : "DELETE";
      case POST -> query.containsKey("delete") ? "BULK DELETE" : "MULTIPART";
      default -> "OTHER";
    };
  }

  /** The first frame outside the SDK, S3A and the JDK: who asked for the request. */
  private static String caller() {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
      String c = e.getClassName();
      if (c.startsWith("software.amazon")
          || c.startsWith("java.")
          || c.startsWith("jdk.")
          || c.startsWith("sun.")
          || c.startsWith("org.apache.hadoop.fs.s3a")
          || c.startsWith("org.apache.hadoop.util")
          || c.startsWith("org.apache.hadoop.fs.statistics")
          || c.startsWith("org.apache.hadoop.fs.store")
          || c.startsWith(RequestCounter.class.getName())) {
        continue;
      }
      out.append(shown == 0 ? "<- " : " <- ")
          .append(c.substring(c.lastIndexOf('.') + 1))
          .append('.')
          .append(e.getMethodName());
      if (++shown == 4) {
        break;
      }
    }
    return out.toString();
  }

  /** Clears the counts (and the trace), and records each request from now on when asked. */
  static void reset(boolean trace) {
    synchronized (LOCK) {
      COUNTS.clear();
      TRACE.clear();
      tracing = trace;
    }
  }

  static Map<String, Long> counts() {
    synchronized (LOCK) {
      return new TreeMap<>(COUNTS);
    }
  }

  static List<String> trace() {
    synchronized (LOCK) {
      return List.copyOf(TRACE);
    }
  }
}
