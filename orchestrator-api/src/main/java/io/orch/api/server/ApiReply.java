package io.orch.api.server;

/** What a route answers; {@link ApiHandler} turns it into bytes in one place. */
public sealed interface ApiReply {
  int status();

  static ApiReply json(int status, Object body) {
    return new Json(status, body);
  }

  static ApiReply ok(Object body) {
    return new Json(200, body);
  }

  /** A body serialized with the server's shared ObjectMapper. */
  record Json(int status, Object body) implements ApiReply {}

  /** A pre-rendered text body, e.g. the Prometheus exposition. */
  record Text(int status, String contentType, String body) implements ApiReply {}

  /**
   * Fixed bytes with their own headers, e.g. the web page's files ({@link WebPage}); {@code body} is never changed
   * after construction, so one instance is shared by every request.
   */
  record Asset(int status, String contentType, byte[] body, java.util.Map<String, String> headers)
      implements ApiReply {}

  /** A body sent in chunks as it is produced (Server-Sent Events, followed logs), until it ends or the client goes. */
  record Stream(int status, String contentType, StreamingBody body) implements ApiReply {}
}
