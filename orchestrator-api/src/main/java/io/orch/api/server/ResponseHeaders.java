package io.orch.api.server;

import io.netty.handler.codec.http.HttpHeaders;

/** Headers every response of the API carries, whichever layer writes it (routes, streams, connection-level errors). */
final class ResponseHeaders {
  static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";
  static final String NOSNIFF = "nosniff";

  private ResponseHeaders() {}

  /**
   * A browser must not guess another type than the declared one: JSON and log text may echo what a stack's author
   * or a container wrote, which sniffed as HTML would run as script in the API's origin.
   */
  static void addTo(HttpHeaders headers) {
    headers.set(CONTENT_TYPE_OPTIONS, NOSNIFF);
  }
}
