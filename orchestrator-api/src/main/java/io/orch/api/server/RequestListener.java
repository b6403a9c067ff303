package io.orch.api.server;

import java.time.Duration;

/**
 * Told about every answered request, e.g. to record {@code orch_http_request_duration_seconds}. {@code route} is the
 * matched template ({@code /v1/stacks/{stack}}) or {@value #UNMATCHED}, so label values stay bounded.
 */
@FunctionalInterface
public interface RequestListener {
  String UNMATCHED = "unmatched";

  RequestListener NOOP = (method, route, status, duration) -> {};

  void onRequest(String method, String route, int status, Duration duration);

  /**
   * New streams (event streams, followed logs) were refused with 429 at their cap; {@code message} says which cap and
   * how many. Called once for the first refusal, then at most once a minute while refusals go on.
   */
  default void onStreamsRefused(String message) {}
}
