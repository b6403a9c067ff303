package io.orch.api.server;

import io.orch.core.model.ControlCharacters;
import io.orch.core.model.NameRule;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A matched request, detached from Netty's reference-counted buffers so it can cross to the blocking executor.
 * The accessors for names validate them, so a handler never sees a name that could not be a stack or service.
 */
public record ApiRequest(String method, String route, Map<String, String> pathParams,
    Map<String, List<String>> query, String contentType, byte[] body, Map<String, String> headers) {

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

  /**
   * The {@code {stack}} path parameter, valid by {@link NameRule#STACK}: 400 when it holds a control character,
   * 422 (naming the parameter) when it is too long or holds a character a stack name cannot have.
   */
  public String stack() {
    return name("stack", pathParams.get("stack"), NameRule.STACK, "");
  }

  /** The {@code {service}} path parameter, valid by {@link NameRule#KEY}; refused as {@link #stack()} is. */
  public String service() {
    return name("service", pathParams.get("service"), NameRule.KEY, "");
  }

  /** The optional {@code ?stack=} filter, validated like the path parameter; empty when absent or blank. */
  public Optional<String> stackQuery() {
    return queryName("stack", NameRule.STACK);
  }

  /** The optional {@code ?service=} filter, validated like the path parameter; empty when absent or blank. */
  public Optional<String> serviceQuery() {
    return queryName("service", NameRule.KEY);
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

  private Optional<String> queryName(String param, NameRule rule) {
    List<String> values = query.get(param);
    if (values == null || values.isEmpty() || values.get(values.size() - 1).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(name(param, values.get(values.size() - 1), rule, " in the query"));
  }

  /**
   * A control character is malformed input (400); any other refusal is a well-formed request naming something that
   * cannot exist (422). Either way the name never reaches the backend, a file name or an engine call.
   */
  private static String name(String param, String value, NameRule rule, String where) {
    Optional<NameRule.Violation> violation = rule.check(value);
    if (violation.isEmpty()) {
      return value;
    }
    String message = "invalid " + param + " name '" + ControlCharacters.escape(String.valueOf(value)) + "'" + where
        + ": it " + violation.get().message() + " (" + rule.hint() + ")";
    if (violation.get().problem() == NameRule.Problem.CONTROL_CHARACTER) {
      throw ApiException.badRequest(message, List.of(param));
    }
    throw ApiException.unprocessable(message, List.of(param));
  }
}
