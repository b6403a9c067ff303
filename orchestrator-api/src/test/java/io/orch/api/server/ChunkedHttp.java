package io.orch.api.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One raw HTTP/1.1 connection that reads a streamed (chunked) response chunk by chunk, to see the framing. */
final class ChunkedHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  int status;
  final Map<String, String> headers = new LinkedHashMap<>();
  private final StringBuilder pending = new StringBuilder();

  ChunkedHttp(int port, String request) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    readHead();
  }

  /** Reads the next response's status line and headers (a pipelined request's, after the previous body). */
  void readHead() throws IOException {
    headers.clear();
    String statusLine = line();
    if (statusLine == null) {
      throw new IOException("connection closed before a response");
    }
    status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
  }

  static String get(String path, String... headerLines) {
    StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    for (String h : headerLines) {
      sb.append(h).append("\r\n");
    }
    return sb.append("\r\n").toString();
  }

  /** The next chunk's text, or null at the last (empty) chunk. */
  String chunk() throws IOException {
    String sizeLine = line();
    if (sizeLine == null) {
      throw new IOException("connection closed inside the body");
    }
    int size = Integer.parseInt(sizeLine.trim(), 16);
    byte[] data = in.readNBytes(size);
    line(); // CRLF after the data
    return size == 0 ? null : new String(data, StandardCharsets.UTF_8);
  }

  /** Reads chunks until the accumulated text holds a complete SSE frame (ends with a blank line); returns it. */
  String frame() throws IOException {
    while (pending.indexOf("\n\n") < 0) {
      String c = chunk();
      if (c == null) {
        throw new IOException("stream ended; pending: " + pending);
      }
      pending.append(c);
    }
    int end = pending.indexOf("\n\n") + 2;
    String frame = pending.substring(0, end);
    pending.delete(0, end);
    return frame;
  }

  /** Reads the rest of a body that ends (a last chunk), concatenated. */
  String rest() throws IOException {
    StringBuilder sb = new StringBuilder(pending);
    for (String c = chunk(); c != null; c = chunk()) {
      sb.append(c);
    }
    return sb.toString();
  }

  String readLengthBody() throws IOException {
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private String line() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      buf.write(c);
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
