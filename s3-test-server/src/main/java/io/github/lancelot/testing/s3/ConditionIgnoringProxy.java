package io.github.lancelot.testing.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An S3 endpoint that silently ignores conditional writes, as some S3-compatible stores do: a
 * loopback HTTP proxy in front of an anonymous {@link S3TestServer} that drops the {@code
 * If-None-Match} header from every request, so a "create only if absent" PUT overwrites. It counts
 * the headers it dropped.
 */
public final class ConditionIgnoringProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress upstream;
  private final AtomicInteger dropped = new AtomicInteger();
  private final Thread acceptor;

  public ConditionIgnoringProxy(S3TestServer server) throws IOException {
    this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "condition-ignoring-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** How many {@code If-None-Match} headers were removed so far. */
  public int droppedConditions() {
    return dropped.get();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Thread t = new Thread(() -> relay(client), "condition-ignoring-proxy-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket server = new Socket()) {
      server.connect(upstream);
      InputStream fromClient = client.getInputStream();
      byte[] head = readHead(fromClient);
      if (head == null) {
        return;
      }
      OutputStream toServer = server.getOutputStream();
      toServer.write(rewrite(head));
      toServer.flush();
      Thread body =
          new Thread(() -> pipe(fromClient, toServer), "condition-ignoring-proxy-request-body");
      body.setDaemon(true);
      body.start();
      pipe(server.getInputStream(), client.getOutputStream());
    } catch (IOException e) {
      // The client sees its connection closed, as with any failing server.
    }
  }

  /** The request line and headers, up to and including the blank line; null at end of stream. */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toByteArray();
      }
    }
    return null;
  }

  /** Drops If-None-Match and asks for one request per connection, so bodies need no parsing. */
  private byte[] rewrite(byte[] head) {
    String[] lines = new String(head, StandardCharsets.ISO_8859_1).split("\r\n");
    StringBuilder out = new StringBuilder(lines[0]).append("\r\n");
    for (int i = 1; i < lines.length; i++) {
      String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')) : "";
      String lower = name.trim().toLowerCase(Locale.ROOT);
      if (lower.equals("if-none-match")) {
        dropped.incrementAndGet();
      } else if (!lower.equals("connection") && !lines[i].isEmpty()) {
        out.append(lines[i]).append("\r\n");
      }
    }
    out.append("Connection: close\r\n\r\n");
    return out.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void pipe(InputStream in, OutputStream out) {
    byte[] buffer = new byte[16 * 1024];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException closed) {
      // Either side closed the connection: the exchange is over.
    }
  }
}
