package io.orch.api.server;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A matched request, detached from Netty's reference-counted buffers so it can cross to the blocking executor.
 * The accessors for names validate them, so a handler never sees a name that could not be a stack or service.
 */
public record ApiRequest(String method, String route, Map<String, String> pathParams,
    Map<String, List<String>> query, String contentType, byte[] body, Map<String, String> headers) {

  private static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  public ApiRequest {
    pathParams = Map.copyOf(pathParams);
    query = Map.copyOf(query);
    body = body == null ? new byte[0] : body;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** Without request headers (tests, routes that need none). */
  public ApiRequest(String method, String route, Map<String, String> pathParams, Map<String, List<String>> query,
      String contentType, byte[] body) {
    this(method, route, pathParams, query, contentType, body, Map.of());
  }

  /** A request header by lower-case name (e.g. {@code last-event-id}), or null. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** The last value of a query parameter, or null when absent. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** The {@code {stack}} path parameter; 400 unless it matches {@code [a-z0-9][a-z0-9_-]*}. */
  public String stack() {
    return name("stack", STACK_NAME);
  }

  /** The {@code {service}} path parameter; 400 unless it matches {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}. */
  public String service() {
    return name("service", SERVICE_NAME);
  }

  /** The optional {@code ?stack=} filter, validated like the path parameter; empty when absent or blank. */
  public Optional<String> stackQuery() {
    return queryName("stack", STACK_NAME);
  }

  /** The optional {@code ?service=} filter, validated like the path parameter; empty when absent or blank. */
  public Optional<String> serviceQuery() {
    return queryName("service", SERVICE_NAME);
  }

  /**
   * A boolean query flag: absent is false, present without a value ({@code ?dryRun}) is true, otherwise
   * {@code true} or {@code false}; anything else is a 400 that names the parameter.
   */
  public boolean flag(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return false;
    }
    String v = values.get(values.size() - 1).toLowerCase(Locale.ROOT);
    return switch (v) {
      case "", "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(
          "query parameter '" + name + "' must be true or false, got '" + values.get(values.size() - 1) + "'");
    };
  }

  private Optional<String> queryName(String param, Pattern pattern) {
    List<String> values = query.get(param);
    if (values == null || values.isEmpty() || values.get(values.size() - 1).isEmpty()) {
      return Optional.empty();
    }
    String value = values.get(values.size() - 1);
    if (!pattern.matcher(value).matches()) {
      throw ApiException.badRequest("invalid " + param + " name '" + value + "' in the query: must match "
          + pattern.pattern(), List.of(param));
    }
    return Optional.of(value);
  }

  private String name(String param, Pattern pattern) {
    String value = pathParams.get(param);
    if (value == null || !pattern.matcher(value).matches()) {
      throw ApiException.badRequest(
          "invalid " + param + " name '" + value + "': must match " + pattern.pattern(), List.of(param));
    }
    return value;
  }
}
