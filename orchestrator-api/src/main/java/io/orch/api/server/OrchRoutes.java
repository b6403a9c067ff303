package io.orch.api.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.orch.api.dto.DeleteAcceptedDto;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.ScaleRequestDto;
import io.orch.api.dto.StatusDto;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The API's route table: each route validates its input and delegates to the {@link OrchBackend}. */
final class OrchRoutes {
  static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final Set<String> STACK_MEDIA_TYPES = Set.of("application/yaml", "application/x-yaml", "text/yaml",
      "text/x-yaml", "application/json", "text/plain");

  /** How often an idle event stream sends a {@code : ping} comment. */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  private final OrchBackend backend;
  private final ObjectMapper mapper;
  private final Duration heartbeat;

  private OrchRoutes(OrchBackend backend, ObjectMapper mapper, Duration heartbeat) {
    this.backend = backend;
    this.mapper = mapper;
    this.heartbeat = heartbeat;
  }

  /** {@code metricsScraper} may be null: then {@code /metrics} is not served. */
  static Router router(OrchBackend backend, ObjectMapper mapper, Supplier<String> metricsScraper) {
    return router(backend, mapper, metricsScraper, DEFAULT_HEARTBEAT);
  }

  static Router router(OrchBackend backend, ObjectMapper mapper, Supplier<String> metricsScraper,
      Duration heartbeat) {
    OrchRoutes r = new OrchRoutes(backend, mapper, heartbeat);
    Router.Builder b = Router.builder()
        // The liveness probe must answer even when every worker is stuck in a slow engine call.
        .inline("GET", "/healthz", req -> ApiReply.ok(StatusDto.OK))
        // HEAD where a client checks without reading (curl -I, uptime monitors): the probes and the page below, not
        // the streams. Netty's codec sends a HEAD's answer without its body.
        .inline("HEAD", "/healthz", req -> ApiReply.ok(StatusDto.OK))
        .blocking("HEAD", "/readyz", req -> r.ready())
        // Reads and probes answer from the agent's memory (and state dir) on the read workers; whatever may wait for
        // the engine (a submit's preview, engine info, logs) or for a lock a submit holds (every change) runs on the
        // engine workers, so a stalled engine slows those down to their deadline and nothing else.
        .blocking("GET", "/readyz", req -> r.ready())
        .engine("GET", "/v1/info", req -> ApiReply.ok(backend.info()))
        .blocking("GET", "/v1/stacks", req -> ApiReply.ok(backend.stacks()))
        .engine("PUT", "/v1/stacks/{stack}", r::submit)
        .blocking("GET", "/v1/stacks/{stack}", r::stack)
        .engine("DELETE", "/v1/stacks/{stack}", r::delete)
        .blocking("GET", "/v1/stacks/{stack}/services", req -> ApiReply.ok(backend.services(req.stack())))
        .blocking("GET", "/v1/stacks/{stack}/services/{service}", r::service)
        .engine("POST", "/v1/stacks/{stack}/services/{service}/scale", r::scale)
        .engine("POST", "/v1/stacks/{stack}/services/{service}/restart",
            req -> ApiReply.ok(backend.restart(req.stack(), req.service())))
        .engine("POST", "/v1/stacks/{stack}/services/{service}/rollback",
            req -> ApiReply.ok(backend.rollback(req.stack(), req.service())))
        .blocking("GET", "/v1/containers",
            req -> ApiReply.ok(backend.containers(req.stackQuery().orElse(null), req.serviceQuery().orElse(null))))
        .inline("GET", OpenApiDocument.PATH, req -> OpenApiDocument.reply())
        .blocking("GET", "/v1/events", r::events)
        .engine("GET", "/v1/stacks/{stack}/services/{service}/logs", r::logs);
    WebPage page = WebPage.load();
    for (String path : WebPage.paths()) {
      b.inline("GET", path, req -> page.reply(path));
      b.inline("HEAD", path, req -> page.reply(path));
    }
    if (metricsScraper != null) {
      b.blocking("GET", "/metrics",
          req -> new ApiReply.Text(200, PROMETHEUS_CONTENT_TYPE, metricsScraper.get()));
    }
    return b.build();
  }

  private ApiReply ready() {
    return backend.notReadyReason().<ApiReply>map(why -> ApiReply.json(503, StatusDto.notReady(why)))
        .orElseGet(() -> ApiReply.ok(StatusDto.OK));
  }

  private ApiReply submit(ApiRequest req) {
    String stack = req.stack();
    boolean dryRun = req.flag("dryRun");
    if (req.body().length == 0) {
      throw ApiException.badRequest("request body is empty; send the stack file as YAML or JSON");
    }
    requireStackMediaType(req.contentType());
    return ApiReply.ok(backend.submit(stack, req.body(), req.contentType(), dryRun, req.flag("removeOrphans"),
        profiles(req.param("profiles"))));
  }

  /** {@code ?profiles=debug,tools}: Compose profile names, comma-separated as in COMPOSE_PROFILES ({@code *}: all). */
  static Set<String> profiles(String param) {
    Set<String> out = new LinkedHashSet<>();
    if (param == null) {
      return out;
    }
    for (String p : param.split(",")) {
      String name = p.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!name.equals("*") && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
        throw ApiException.badRequest("invalid profile name \"" + name + "\" in ?profiles= (letters, digits, _ . -;"
            + " comma-separated)");
      }
      out.add(name);
    }
    return out;
  }

  /**
   * A stack body is YAML or JSON (JSON is read as YAML). No Content-Type is accepted (a plain file upload); anything
   * else, e.g. curl's default form encoding for {@code -d}, is refused so the mistake is named instead of the body
   * being misread.
   */
  private static void requireStackMediaType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!STACK_MEDIA_TYPES.contains(media)) {
      throw ApiException.unsupportedMediaType("a stack is sent as application/yaml or application/json, not "
          + media + " (curl: -H 'Content-Type: application/yaml' --data-binary @stack.yml)");
    }
  }

  private ApiReply stack(ApiRequest req) {
    String stack = req.stack();
    return backend.stack(stack)
        .<ApiReply>map(ApiReply::ok)
        .orElseThrow(() -> ApiException.notFound("stack '" + stack + "' not found"));
  }

  private ApiReply delete(ApiRequest req) {
    String stack = req.stack();
    boolean removeVolumes = req.flag("volumes");
    backend.delete(stack, removeVolumes);
    return ApiReply.json(202, DeleteAcceptedDto.accepted(stack, removeVolumes));
  }

  private ApiReply service(ApiRequest req) {
    String stack = req.stack();
    String service = req.service();
    return backend.service(stack, service)
        .<ApiReply>map(ApiReply::ok)
        .orElseThrow(() -> ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'"));
  }

  private ApiReply scale(ApiRequest req) {
    String stack = req.stack();
    String service = req.service();
    ScaleRequestDto body = readJson(req, ScaleRequestDto.class, "{\"replicas\": N}");
    Integer replicas = body.replicas();
    if (replicas == null) {
      throw ApiException.badRequest("field 'replicas' is required", List.of("replicas"));
    }
    // The upper bound is the backend's: the agent's replica limit is configurable and also bounds stack files.
    if (replicas < 0) {
      throw ApiException.unprocessable("replicas must be 0 or more, got " + replicas, List.of("replicas"));
    }
    return ApiReply.ok(backend.scale(stack, service, replicas, body.pinned()));
  }

  private ApiReply events(ApiRequest req) {
    // Last-Event-ID wins over ?since=: an EventSource reconnecting keeps its original URL but sends the header.
    String lastId = req.header("last-event-id");
    long after = lastId != null && !lastId.isBlank() ? sequence("Last-Event-ID", lastId.trim())
        : req.param("since") != null ? sequence("since", req.param("since")) : EventSource.FROM_NOW;
    Predicate<EventDto> filter = EventFilter.of(req.param("stack"), req.param("service"), req.param("type"));
    return new ApiReply.Stream(200, "text/event-stream",
        new EventStreamBody(backend.events(), after, filter, mapper, heartbeat));
  }

  private static long sequence(String name, String value) {
    try {
      long seq = Long.parseLong(value);
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // falls through to the 400 below
    }
    throw ApiException.badRequest(name + " must be an event sequence number (0 or more), got '" + value + "'",
        List.of(name));
  }

  private ApiReply logs(ApiRequest req) {
    String stack = req.stack();
    String service = req.service();
    boolean follow = req.flag("follow");
    int tail = tail(req.param("tail"));
    String format = req.param("format") == null ? "text" : req.param("format");
    if (!format.equals("text") && !format.equals("json")) {
      throw ApiException.badRequest("format must be text or json, got '" + format + "'", List.of("format"));
    }
    // 404 before the head is sent: once streaming, the status can no longer change.
    backend.service(stack, service)
        .orElseThrow(() -> ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'"));
    boolean json = format.equals("json");
    return new ApiReply.Stream(200, json ? "application/x-ndjson" : "text/plain; charset=utf-8",
        new LogStreamBody(sink -> backend.logs(stack, service, follow, tail, sink), stack, json,
            req.flag("timestamps"), mapper));
  }

  private static int tail(String value) {
    if (value == null || value.isEmpty() || value.equals("all")) {
      return -1;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the 400 below
    }
    throw ApiException.badRequest("tail must be a number of lines (0 or more) or 'all', got '" + value + "'",
        List.of("tail"));
  }

  /** Reads a JSON body strictly; every way it can be wrong is a 400 that says where. */
  private <T> T readJson(ApiRequest req, Class<T> type, String expected) {
    if (req.body().length == 0) {
      throw ApiException.badRequest("request body is empty; expected " + expected);
    }
    T value;
    try {
      value = mapper.readValue(req.body(), type);
    } catch (UnrecognizedPropertyException e) {
      String path = jsonPath(e);
      throw new ApiException(400, "unknown_field", "unknown field '" + path + "'; expected " + expected,
          List.of(path));
    } catch (MismatchedInputException e) {
      String path = jsonPath(e);
      throw ApiException.badRequest("invalid value" + (path.isEmpty() ? "" : " for '" + path + "'")
          + ": " + e.getOriginalMessage(), path.isEmpty() ? List.of() : List.of(path));
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest("malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("unreadable request body: " + e.getMessage());
    }
    if (value == null) {
      throw ApiException.badRequest("request body is null; expected " + expected);
    }
    return value;
  }

  /** {@code spec.replicas} or {@code items[2].name} from Jackson's path references. */
  static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
