package io.orch.api.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.DeleteAcceptedDto;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ManagedContainerDto;
import io.orch.api.dto.ScaleRequestDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.SubmitResultDto;
import io.orch.api.dto.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The agent's HTTP API as Java calls, for the CLI. Error answers become {@link OrchClientException}; an address
 * where nothing listens becomes {@link AgentUnreachableException}. Thread-safe.
 */
public final class OrchClient {
  private static final TypeReference<List<StackSummaryDto>> STACK_LIST = new TypeReference<>() {};
  private static final TypeReference<List<ServiceStatusDto>> SERVICE_LIST = new TypeReference<>() {};
  private static final TypeReference<List<ManagedContainerDto>> CONTAINER_LIST = new TypeReference<>() {};

  private final String base;
  private final String token;
  private final Duration timeout;
  private final ObjectMapper mapper = WireJson.lenientMapper();
  /** Only the streams (events, logs) use it: made on the first one, so short commands never pay for it. */
  private volatile HttpClient streamingClient;

  /** {@code token} may be null (then mutating calls fail with 401 against an agent that has one). */
  public OrchClient(URI baseUri, String token, Duration timeout) {
    String b = baseUri.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.token = token;
    this.timeout = timeout;
  }

  private HttpClient streamingClient() {
    HttpClient c = streamingClient;
    if (c == null) {
      synchronized (this) {
        if (streamingClient == null) {
          // HTTP/1.1 explicitly: the default would offer an h2c upgrade the agent does not speak.
          streamingClient = HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .build();
        }
        c = streamingClient;
      }
    }
    return c;
  }

  public URI baseUri() {
    return URI.create(base);
  }

  /** True when the agent answers {@code /healthz} with 200; false, never an exception, when nothing answers. */
  public boolean healthy() {
    return probe("/healthz");
  }

  /** True when the agent says it is ready (engine reachable, first reconcile done). */
  public boolean ready() {
    return probe("/readyz");
  }

  /**
   * Why the agent is not ready ({@code /readyz}'s {@code reason}, e.g. "engine not reachable: ..."), empty when it is
   * ready; "no answer" when nothing answers.
   */
  public Optional<String> notReadyReason() {
    try {
      AgentExchange.Reply reply = AgentExchange.send("GET", URI.create(base + "/readyz"), headers(null), null,
          timeoutMillis());
      if (reply.status() == 200) {
        return Optional.empty();
      }
      JsonNode body = mapper.readTree(reply.body());
      return Optional.of(body != null && body.hasNonNull("reason") ? body.get("reason").asText()
          : "not ready (HTTP " + reply.status() + ")");
    } catch (AgentExchange.Failure e) {
      return Optional.of("no answer");
    } catch (IOException e) {
      return Optional.of("not ready (unreadable answer)");
    }
  }

  public InfoDto info() {
    return read(get("/v1/info"), InfoDto.class);
  }

  public List<StackSummaryDto> stacks() {
    return read(get("/v1/stacks"), STACK_LIST);
  }

  public Optional<StackDto> stack(String name) {
    return readOrEmpty(get("/v1/stacks/" + segment(name)), StackDto.class);
  }

  /**
   * Submits a stack file. {@code contentType} is {@code application/yaml} or {@code application/json} (null sends
   * none). An invalid stack fails with status 422 and the loader's {@link OrchClientException#diagnostics()}.
   */
  public SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun) {
    return submit(stack, body, contentType, dryRun, false);
  }

  /** As {@link #submit(String, byte[], String, boolean)}; {@code removeOrphans} removes services the file left out. */
  public SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans) {
    return submit(stack, body, contentType, dryRun, removeOrphans, List.of());
  }

  /**
   * As {@link #submit(String, byte[], String, boolean, boolean)} with these Compose profiles active: the agent
   * enables the body's services of those profiles and stores the selection with the stack.
   */
  public SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun,
      boolean removeOrphans, Collection<String> profiles) {
    List<String> params = new ArrayList<>();
    if (dryRun) {
      params.add("dryRun=true");
    }
    if (removeOrphans) {
      params.add("removeOrphans=true");
    }
    if (!profiles.isEmpty()) {
      params.add("profiles=" + URLEncoder.encode(String.join(",", profiles), StandardCharsets.UTF_8));
    }
    String query = params.isEmpty() ? "" : "?" + String.join("&", params);
    return read(send("PUT", "/v1/stacks/" + segment(stack) + query, contentType, body), SubmitResultDto.class);
  }

  /** Asks the agent to remove a stack; it answers at once and the reconcile loop does the work. */
  public DeleteAcceptedDto delete(String stack, boolean removeVolumes) {
    return read(send("DELETE", "/v1/stacks/" + segment(stack) + (removeVolumes ? "?volumes=true" : ""), null, null),
        DeleteAcceptedDto.class);
  }

  public List<ServiceStatusDto> services(String stack) {
    return read(get("/v1/stacks/" + segment(stack) + "/services"), SERVICE_LIST);
  }

  public Optional<ServiceStatusDto> service(String stack, String service) {
    return readOrEmpty(get("/v1/stacks/" + segment(stack) + "/services/" + segment(service)),
        ServiceStatusDto.class);
  }

  public ServiceStatusDto scale(String stack, String service, int replicas) {
    return scale(stack, service, replicas, false);
  }

  /** With {@code pin}, an autoscaled service's count is fixed at {@code replicas} until the next submit. */
  public ServiceStatusDto scale(String stack, String service, int replicas, boolean pin) {
    return read(send("POST", "/v1/stacks/" + segment(stack) + "/services/" + segment(service) + "/scale",
        "application/json", json(new ScaleRequestDto(replicas, pin ? Boolean.TRUE : null))), ServiceStatusDto.class);
  }

  /** Rolling restart: the agent replaces every replica of the service one by one. */
  public ServiceStatusDto restart(String stack, String service) {
    return read(post("/v1/stacks/" + segment(stack) + "/services/" + segment(service) + "/restart"),
        ServiceStatusDto.class);
  }

  /** Puts back the service's previous spec; status 409 when it has none. */
  public ServiceStatusDto rollback(String stack, String service) {
    return read(post("/v1/stacks/" + segment(stack) + "/services/" + segment(service) + "/rollback"),
        ServiceStatusDto.class);
  }

  /** Managed containers, optionally of one stack and/or service (null: no filter). */
  public List<ManagedContainerDto> containers(String stack, String service) {
    StringBuilder query = new StringBuilder();
    if (stack != null) {
      query.append("stack=").append(segment(stack));
    }
    if (service != null) {
      query.append(query.length() > 0 ? "&" : "").append("service=").append(segment(service));
    }
    return read(get("/v1/containers" + (query.length() > 0 ? "?" + query : "")), CONTAINER_LIST);
  }

  private AgentExchange.Reply post(String path) {
    return send("POST", path, null, new byte[0]);
  }

  /**
   * Follows {@code GET /v1/events}: events after {@code afterSeq} (sent as {@code Last-Event-ID}; negative for only
   * new ones) that match the filters (null for any), handed to {@code handler} until it returns false or the agent
   * ends the stream. Blocks meanwhile. A dropped connection surfaces as {@link UncheckedIOException}; see
   * {@link EventFollower} for a client that resumes.
   */
  public void streamEvents(long afterSeq, String stack, String service, String type, Predicate<EventDto> handler) {
    StringBuilder query = new StringBuilder();
    param(query, "stack", stack);
    param(query, "service", service);
    param(query, "type", type);
    HttpRequest.Builder req = request("/v1/events" + query).header("Accept", "text/event-stream").GET();
    if (afterSeq >= 0) {
      req.header("Last-Event-ID", Long.toString(afterSeq));
    }
    HttpResponse<Stream<String>> res = sendStreaming(req.build());
    try (Stream<String> lines = res.body()) {
      requireSuccess(res, lines);
      ServerSentEvents parser = new ServerSentEvents();
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        Optional<ServerSentEvents.Message> message = parser.line(it.next());
        if (message.isPresent() && message.get().data() != null) {
          EventDto event = parse(message.get().data(), EventDto.class);
          if (!handler.test(event)) {
            return;
          }
        }
      }
    }
  }

  /**
   * Streams {@code GET .../logs} line by line to {@code handler} (text {@code web-1 | line}, or NDJSON with
   * {@code json}) until it returns false or the logs end ({@code follow} false: once read). Blocks meanwhile.
   */
  public void streamLogs(String stack, String service, boolean follow, int tail, boolean json,
      Predicate<String> handler) {
    streamLogs(stack, service, follow, tail, json, false, handler);
  }

  /** As above; {@code timestamps}: each text line carries the engine's time of the line after the replica's name. */
  public void streamLogs(String stack, String service, boolean follow, int tail, boolean json, boolean timestamps,
      Predicate<String> handler) {
    StringBuilder query = new StringBuilder();
    param(query, "follow", Boolean.toString(follow));
    param(query, "tail", tail < 0 ? "all" : Integer.toString(tail));
    param(query, "format", json ? "json" : "text");
    if (timestamps) {
      param(query, "timestamps", "true");
    }
    HttpRequest req = request("/v1/stacks/" + segment(stack) + "/services/" + segment(service) + "/logs" + query)
        .GET().build();
    HttpResponse<Stream<String>> res = sendStreaming(req);
    try (Stream<String> lines = res.body()) {
      requireSuccess(res, lines);
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        if (!handler.test(it.next())) {
          return;
        }
      }
    }
  }

  private static void param(StringBuilder query, String name, String value) {
    if (value != null && !value.isBlank()) {
      query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private HttpResponse<Stream<String>> sendStreaming(HttpRequest req) {
    return send(req, HttpResponse.BodyHandlers.ofLines());
  }

  private void requireSuccess(HttpResponse<Stream<String>> res, Stream<String> lines) {
    if (res.statusCode() / 100 != 2) {
      byte[] body = lines.collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
      throw error(res.statusCode(), body, res.uri());
    }
  }

  private <T> T parse(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("the agent sent an event this client cannot read: " + e.getMessage(), e);
    }
  }

  private boolean probe(String path) {
    try {
      return AgentExchange.send("GET", URI.create(base + path), headers(null), null, timeoutMillis()).status() == 200;
    } catch (AgentExchange.Failure e) {
      return false;
    }
  }

  private AgentExchange.Reply get(String path) {
    return send("GET", path, null, null);
  }

  private AgentExchange.Reply send(String method, String pathAndQuery, String contentType, byte[] body) {
    try {
      return AgentExchange.send(method, URI.create(base + pathAndQuery), headers(contentType), body, timeoutMillis());
    } catch (AgentExchange.Failure e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConnectException) {
        throw unreachable("connection refused", e);
      }
      if (cause instanceof SocketTimeoutException) {
        if (e.connecting()) {
          throw unreachable("did not accept a connection within " + timeout.toSeconds() + "s", e);
        }
        throw new AgentUnreachableException(
            "the orch agent at " + base + " did not answer within " + timeout.toSeconds() + "s", e);
      }
      throw new UncheckedIOException("talking to the orch agent at " + base + " failed: " + e.getMessage(), e);
    }
  }

  private Map<String, String> headers(String contentType) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/json");
    if (token != null) {
      h.put("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      h.put("Content-Type", contentType);
    }
    return h;
  }

  private int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
        .timeout(timeout)
        .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) {
    try {
      return streamingClient().send(req, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("did not accept a connection within " + timeout.toSeconds() + "s", e);
    } catch (HttpTimeoutException e) {
      throw new AgentUnreachableException(
          "the orch agent at " + base + " did not answer within " + timeout.toSeconds() + "s", e);
    } catch (ConnectException e) {
      throw unreachable("connection refused", e);
    } catch (IOException e) {
      if (e.getCause() instanceof ConnectException) {
        throw unreachable("connection refused", e);
      }
      throw new UncheckedIOException("talking to the orch agent at " + base + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException cancelled = new CancellationException("interrupted while waiting for the orch agent");
      cancelled.initCause(e);
      throw cancelled;
    }
  }

  private AgentUnreachableException unreachable(String why, Exception cause) {
    return new AgentUnreachableException("no orch agent answers at " + base + " (" + why
        + "); `orch up -f FILE` starts one in the background (containers keep running without it), `orch agent` runs one "
        + "in the foreground, or set ORCH_ADDR to a running agent's address", cause);
  }

  private <T> Optional<T> readOrEmpty(AgentExchange.Reply res, Class<T> type) {
    if (res.status() == 404) {
      OrchClientException e = error(res);
      if ("not_found".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(read(res, type));
  }

  private <T> T read(AgentExchange.Reply res, Class<T> type) {
    requireSuccess(res);
    try {
      return mapper.readValue(res.body(), type);
    } catch (IOException e) {
      throw unexpectedBody(res, e);
    }
  }

  private <T> T read(AgentExchange.Reply res, TypeReference<T> type) {
    requireSuccess(res);
    try {
      return mapper.readValue(res.body(), type);
    } catch (IOException e) {
      throw unexpectedBody(res, e);
    }
  }

  private void requireSuccess(AgentExchange.Reply res) {
    if (res.status() / 100 != 2) {
      throw error(res);
    }
  }

  private OrchClientException unexpectedBody(AgentExchange.Reply res, IOException e) {
    OrchClientException ex = new OrchClientException(res.status(), "bad_response",
        "the agent sent a response this client cannot read: " + e.getMessage(), List.of(), List.of());
    ex.initCause(e);
    return ex;
  }

  /** Parses {@code {"error": {...}}}; anything else (a proxy's HTML page, say) still becomes a typed error. */
  private OrchClientException error(AgentExchange.Reply res) {
    return error(res.status(), res.body(), res.uri());
  }

  private OrchClientException error(int status, byte[] body, URI uri) {
    JsonNode error = null;
    try {
      JsonNode root = mapper.readTree(body);
      error = root == null ? null : root.get("error");
    } catch (IOException notJson) {
      // falls through to the generic error below
    }
    if ((error == null || !error.isObject()) && status == 401 && body.length == 0) {
      // HttpURLConnection drops the body of a 401 to a request sent in streaming mode (it would have to re-send it
      // to authenticate); the agent's answer is always the same there.
      return new OrchClientException(status, "unauthorized", "the agent at " + base + " refused this call: it needs"
          + " 'Authorization: Bearer <token>' with the agent's token", List.of(), List.of());
    }
    if (error == null || !error.isObject()) {
      String text = new String(body, StandardCharsets.UTF_8).strip();
      String snippet = text.length() > 200 ? text.substring(0, 200) + "..." : text;
      return new OrchClientException(status, "http_" + status,
          "HTTP " + status + " from " + uri + (snippet.isEmpty() ? "" : ": " + snippet), List.of(), List.of());
    }
    List<Object> details = new ArrayList<>();
    List<DiagnosticDto> diagnostics = new ArrayList<>();
    JsonNode detailNodes = error.path("details");
    if (detailNodes.isArray()) {
      for (JsonNode d : detailNodes) {
        if (d.isObject()) {
          details.add(mapper.convertValue(d, Map.class));
          if (d.has("message") && (d.has("file") || d.has("path"))) {
            diagnostics.add(mapper.convertValue(d, DiagnosticDto.class));
          }
        } else {
          details.add(d.isTextual() ? d.asText() : d.toString());
        }
      }
    }
    return new OrchClientException(status, error.path("code").asText("http_" + status),
        error.path("message").asText("HTTP " + status), details, diagnostics);
  }

  private byte[] json(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Valid names need no escaping; escaping anyway lets the agent answer a bad name with its own 400.
  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
