package io.orch.api.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * One request and its whole answer over {@link HttpURLConnection}: the transport of the CLI's short calls
 * ({@code orch ps}, {@code ls}, {@code scale}...). It, not {@code java.net.http.HttpClient}, because a command's
 * run time is mostly start-up: building an {@code HttpClient} sets up the default TLS context (trust store, providers)
 * even for {@code http://}, and its first exchange starts a selector thread and async machinery; together about
 * 0.3 s of a 1 s {@code orch ps} here (bench/RESULTS.md, "CLI start-up"). Long-lived streams (events, logs) keep
 * {@code HttpClient}, where that cost does not matter.
 */
final class AgentExchange {
  /** What came back: the status, the whole body, and where it came from (for error messages). */
  record Reply(int status, byte[] body, URI uri) {}

  /** The connection failed or timed out before any answer; {@code connecting} tells which phase. */
  static final class Failure extends IOException {
    private final boolean connecting;

    Failure(boolean connecting, IOException cause) {
      super(cause.getMessage(), cause);
      this.connecting = connecting;
    }

    boolean connecting() {
      return connecting;
    }
  }

  private AgentExchange() {}

  /**
   * Sends {@code method uri} with {@code headers} and {@code body} (null: none) and reads the whole answer. Both
   * the connection and every read are bounded by {@code timeoutMillis}.
   */
  static Reply send(String method, URI uri, Map<String, String> headers, byte[] body, int timeoutMillis)
      throws Failure {
    HttpURLConnection conn;
    try {
      conn = (HttpURLConnection) uri.toURL().openConnection();
      conn.setRequestMethod(method);
    } catch (IOException e) {
      throw new Failure(true, e);
    }
    conn.setConnectTimeout(timeoutMillis);
    conn.setReadTimeout(timeoutMillis);
    conn.setUseCaches(false);
    conn.setInstanceFollowRedirects(false);
    headers.forEach(conn::setRequestProperty);
    if (body != null) {
      conn.setDoOutput(true);
      // A fixed length also keeps HttpURLConnection from silently re-sending a POST on a broken keep-alive socket.
      conn.setFixedLengthStreamingMode(body.length);
    }
    try {
      conn.connect();
    } catch (IOException e) {
      throw new Failure(true, e);
    }
    try {
      if (body != null) {
        try (OutputStream out = conn.getOutputStream()) {
          out.write(body);
        }
      }
      int status = conn.getResponseCode();
      InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
      return new Reply(status, in == null ? new byte[0] : readAll(in), uri);
    } catch (IOException e) {
      throw new Failure(false, e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    // Read to the end so the connection goes back to the keep-alive cache for the next call (up polls).
    try (in) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toByteArray();
    }
  }
}
